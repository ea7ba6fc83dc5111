package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The consumer's idempotency log ({@code applied_event}): "have I applied this event id?" lives
 * here and nowhere else, as Debezium's outbox example keeps it in its {@code MessageLog}.
 */
@Singleton
public class AppliedEventLog {

  /** Logs {@code eventId} as applied in this transaction; false when it was applied before. */
  public boolean markApplied(LedgerTx tx, String eventId, String topic) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO applied_event (event_id, topic, applied_at) VALUES (?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, eventId);
      ps.setString(2, topic);
      ps.setObject(3, LedgerTx.now());
      return ps.executeUpdate() == 1;
    }
  }
}
