package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The {@code referral} table: one row per accepted referral, keyed by the client that sent it and
 * its business identifier.
 */
@Singleton
public class ReferralRows {

  /** A held referral: its id, the root referral its pathway is keyed by, and its first Task. */
  public record Referral(String id, String rootReferralId, String taskId) {}

  /**
   * The pathway a root referral follows (its outcome set), as decided at intake; empty for an
   * onward referral, or one recorded before pathways were kept.
   */
  public Optional<String> pathway(LedgerTx tx, String rootReferralId) throws SQLException {
    try (var ps = tx.connection().prepareStatement("SELECT pathway FROM referral WHERE id = ?")) {
      ps.setString(1, rootReferralId);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** A new referral row. */
  public record NewReferral(
      String id,
      String clientId,
      String identifierSystem,
      String identifierValue,
      String rootReferralId,
      String taskId,
      String patientId,
      String nhsNumber,
      String correlationId,
      String pathway,
      OffsetDateTime createdAt) {}

  /**
   * Inserts {@code r}; false when its client already holds its business identifier (in a group
   * commit, a repeat fails the batch instead: {@link LedgerTx#claim}).
   */
  public boolean insert(LedgerTx tx, NewReferral r) throws SQLException {
    return tx.claim(
        "INSERT INTO referral (id, identifier_system, identifier_value, root_referral_id,"
            + " task_id, patient_id, nhs_number, correlation_id, created_at, client_id, pathway)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        ps -> {
          ps.setString(1, r.id());
          ps.setString(2, r.identifierSystem());
          ps.setString(3, r.identifierValue());
          ps.setString(4, r.rootReferralId());
          ps.setString(5, r.taskId());
          ps.setString(6, r.patientId());
          ps.setString(7, r.nhsNumber());
          ps.setString(8, r.correlationId());
          ps.setObject(9, r.createdAt());
          ps.setString(10, r.clientId());
          ps.setString(11, r.pathway());
        });
  }

  /** The referral {@code clientId} sent under a business identifier. */
  public Optional<Referral> byIdentifier(LedgerTx tx, String clientId, String system, String value)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT id, root_referral_id, task_id FROM referral"
                    + " WHERE client_id = ? AND identifier_system = ? AND identifier_value = ?")) {
      ps.setString(1, clientId);
      ps.setString(2, system);
      ps.setString(3, value);
      try (var rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Referral(rs.getString(1), rs.getString(2), rs.getString(3)))
            : Optional.empty();
      }
    }
  }

  /** The referral with this id. */
  public Optional<Referral> byId(LedgerTx tx, String id) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement("SELECT id, root_referral_id, task_id FROM referral WHERE id = ?")) {
      ps.setString(1, id);
      try (var rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Referral(rs.getString(1), rs.getString(2), rs.getString(3)))
            : Optional.empty();
      }
    }
  }
}
