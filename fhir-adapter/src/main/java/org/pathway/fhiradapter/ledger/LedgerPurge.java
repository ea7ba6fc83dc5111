package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.pathway.fhiradapter.ledger.store.OutboxRows;
import org.pathway.fhiradapter.ledger.store.RetentionRows;
import org.pathway.fhiradapter.retention.RetentionKind;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * Purges one batch of one kind of ledger data past its cutoff, and records the purge in the same
 * transaction (kind, count, cutoff, time; never what was purged). What each kind removes, and why
 * removal rather than pseudonymisation, is in the module README.
 */
@Singleton
public class LedgerPurge {

  private final LedgerTransactions transactions;
  private final RetentionRows rows;

  public LedgerPurge(LedgerTransactions transactions, RetentionRows rows) {
    this.transactions = transactions;
    this.rows = rows;
  }

  /**
   * Purges up to about {@code limit} records of {@code kind} older than {@code cutoff}, at {@code
   * now} by the job's clock. Repeating it purges nothing more.
   *
   * @return the records purged (referrals, for referral history)
   */
  public int purge(RetentionKind kind, Instant cutoff, Instant now, int limit) {
    OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
    return transactions.inTransaction(
        tx -> {
          int purged = batch(tx, kind, before, now.atOffset(ZoneOffset.UTC), limit);
          if (purged > 0) {
            rows.record(tx, kind.code(), purged, before, now.atOffset(ZoneOffset.UTC));
          }
          return purged;
        });
  }

  private int batch(
      LedgerTx tx, RetentionKind kind, OffsetDateTime cutoff, OffsetDateTime now, int limit)
      throws SQLException {
    return switch (kind) {
      case REFERRAL_HISTORY -> {
        List<String> roots =
            rows.closedReferrals(tx, TaskTransitions.openStatuses(), cutoff, limit);
        if (!roots.isEmpty()) {
          rows.removeReferrals(tx, roots);
        }
        yield roots.size();
      }
      case OUTCOME_SCORES -> rows.removeScores(tx, TaskTransitions.openStatuses(), cutoff, limit);
      case AUDIT ->
          rows.removeOlder(tx, "audit_event", "recorded_at", null, cutoff, limit)
              + rows.removeOlder(tx, "dead_letter_audit", "at", null, cutoff, limit);
      case CONSUMED_EVENTS ->
          rows.removeOlder(tx, "applied_event", "applied_at", null, cutoff, limit)
              + rows.removeOlder(tx, "request_key", "received_at", null, cutoff, limit)
              + rows.removeOlder(tx, "outbox", "created_at", OutboxRows.PUBLISHED, cutoff, limit)
              // A client assertion's id guards against replay only until the assertion expires.
              + rows.removeOlder(tx, "client_assertion_jti", "expires_at", null, now, limit);
      case DEAD_LETTERS ->
          rows.removeOlder(tx, "dead_letter_handled", "handled_at", null, cutoff, limit);
    };
  }
}
