package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The {@code request_key} table: each BaRS X-Request-ID received, per client, with what it created.
 * Two clients may use the same id; only a client repeating its own is a duplicate.
 */
@Singleton
public class RequestKeys {

  /**
   * Keeps {@code clientId}'s {@code requestId} with the id it created; false when that client sent
   * it before.
   */
  public boolean remember(LedgerTx tx, String clientId, String requestId, String createdId)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO request_key (client_id, request_id, referral_id, received_at)"
                    + " VALUES (?,?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, clientId);
      ps.setString(2, requestId);
      ps.setString(3, createdId);
      ps.setObject(4, LedgerTx.now());
      return ps.executeUpdate() == 1;
    }
  }
}
