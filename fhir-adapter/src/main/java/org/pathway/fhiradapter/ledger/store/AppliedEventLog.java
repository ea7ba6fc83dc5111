package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The consumer's idempotency log ({@code applied_event}): "have I applied this event id?" lives
 * here and nowhere else, as Debezium's outbox example keeps it in its {@code MessageLog}.
 */
@Singleton
public class AppliedEventLog {

  /**
   * Logs {@code eventId} as applied in this transaction; false when it was applied before. In a
   * transaction that defers its appends the entry goes with them and the answer is true: an event
   * applied before then fails the commit, so a caller that defers asks {@link #appliedAmong} first.
   */
  public boolean markApplied(LedgerTx tx, String eventId, String topic) throws SQLException {
    return tx.claim(
        "INSERT INTO applied_event (event_id, topic, applied_at) VALUES (?,?,?)",
        ps -> {
          ps.setString(1, eventId);
          ps.setString(2, topic);
          ps.setObject(3, LedgerTx.now());
        });
  }

  /** Those of {@code eventIds} applied before, in one query. */
  public Set<String> appliedAmong(LedgerTx tx, Collection<String> eventIds) throws SQLException {
    Set<String> applied = new HashSet<>();
    if (eventIds.isEmpty()) {
      return applied;
    }
    try (var ps =
        tx.connection()
            .prepareStatement("SELECT event_id FROM applied_event WHERE event_id = ANY (?)")) {
      ps.setArray(1, tx.connection().createArrayOf("varchar", eventIds.toArray()));
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          applied.add(rs.getString(1));
        }
      }
    }
    return applied;
  }
}
