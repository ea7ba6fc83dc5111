package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.pathway.fhiradapter.ledger.LedgerTx;

/** The {@code request_key} table: each BaRS X-Request-ID received, with what it created. */
@Singleton
public class RequestKeys {

  /** Keeps {@code requestId} with the id it created; false when it was received before. */
  public boolean remember(LedgerTx tx, String requestId, String createdId) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO request_key (request_id, referral_id, received_at) VALUES (?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, requestId);
      ps.setString(2, createdId);
      ps.setObject(3, LedgerTx.now());
      return ps.executeUpdate() == 1;
    }
  }
}
