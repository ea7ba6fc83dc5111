package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Optional;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The {@code request_key} table: each BaRS X-Request-ID received, per client, with what it created.
 * Two clients may use the same id; only a client repeating its own is a duplicate.
 */
@Singleton
public class RequestKeys {

  /**
   * Keeps {@code clientId}'s {@code requestId} with the id it created; false when that client sent
   * it before (in a group commit, a repeat fails the batch instead: {@link LedgerTx#claim}).
   */
  public boolean remember(LedgerTx tx, String clientId, String requestId, String createdId)
      throws SQLException {
    return tx.claim(
        "INSERT INTO request_key (client_id, request_id, referral_id, received_at)"
            + " VALUES (?,?,?,?)",
        ps -> {
          ps.setString(1, clientId);
          ps.setString(2, requestId);
          ps.setString(3, createdId);
          ps.setObject(4, LedgerTx.now());
        });
  }

  /**
   * What {@code clientId}'s {@code requestId} produced before.
   *
   * @param createdId the referral, Observation or Task id it created or changed
   * @param taskVersion for a Task update, the version it wrote; null otherwise
   */
  public record Earlier(String createdId, Integer taskVersion) {}

  /** What {@code clientId} sent {@code requestId} for before, if it did. */
  public Optional<Earlier> find(LedgerTx tx, String clientId, String requestId)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT referral_id, task_version FROM request_key"
                    + " WHERE client_id = ? AND request_id = ?")) {
      ps.setString(1, clientId);
      ps.setString(2, requestId);
      try (var rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Earlier(rs.getString(1), rs.getObject(2, Integer.class)))
            : Optional.empty();
      }
    }
  }

  /**
   * Keeps {@code clientId}'s {@code requestId} with the Task version its update wrote; false when
   * that client sent it before.
   */
  public boolean rememberUpdate(
      LedgerTx tx, String clientId, String requestId, String taskId, int version)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO request_key (client_id, request_id, referral_id, task_version,"
                    + " received_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, clientId);
      ps.setString(2, requestId);
      ps.setString(3, taskId);
      ps.setInt(4, version);
      ps.setObject(5, LedgerTx.now());
      return ps.executeUpdate() == 1;
    }
  }
}
