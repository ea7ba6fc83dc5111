package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.util.List;
import org.pathway.fhiradapter.ledger.store.OutboxNotices;
import org.pathway.fhiradapter.ledger.store.OutboxRows;
import org.pathway.fhiradapter.ledger.store.RelayLock;

/**
 * The relay's side of the outbox: whether this replica may publish, what is waiting, and marking it
 * published.
 */
@Singleton
public class OutboxStore {

  private final LedgerTransactions transactions;
  private final OutboxRows rows;
  private final RelayLock lock;
  private final OutboxNotices notices;
  private final CommitSignal signal;

  public OutboxStore(
      LedgerTransactions transactions,
      OutboxRows rows,
      RelayLock lock,
      OutboxNotices notices,
      CommitSignal signal) {
    this.transactions = transactions;
    this.rows = rows;
    this.lock = lock;
    this.notices = notices;
    this.signal = signal;
  }

  /**
   * True when this replica leads the relay now (checked on the database every call): only the
   * leader publishes, so per-referral order holds with any number of adapter replicas. The leader
   * listens for the other replicas' outbox commits from then on ({@link OutboxNotices}).
   */
  public boolean leads() {
    boolean leads = lock.holds();
    if (leads) {
      notices.listen(signal::committed);
    }
    return leads;
  }

  /** What the last {@link #leads()} found, without asking the database. */
  public boolean leading() {
    return lock.leading();
  }

  /** Whether the other replicas' outbox commits reach this replica now ({@link OutboxNotices}). */
  public boolean hears() {
    return notices.listening();
  }

  /** Up to {@code limit} unpublished outbox rows in commit-sequence order. */
  public List<OutboxRow> unpublished(int limit) {
    return transactions.inTransaction(tx -> rows.unpublished(tx, limit));
  }

  /** Marks rows as published once Kafka acknowledged them. */
  public void markPublished(List<Long> seqs) {
    if (seqs.isEmpty()) {
      return;
    }
    transactions.inTransaction(
        tx -> {
          rows.markPublished(tx, seqs);
          return null;
        });
  }
}
