package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.util.List;
import org.pathway.fhiradapter.ledger.store.OutboxRows;

/** The relay's side of the outbox: what is waiting, and marking it published. */
@Singleton
public class OutboxStore {

  private final LedgerTransactions transactions;
  private final OutboxRows rows;

  public OutboxStore(LedgerTransactions transactions, OutboxRows rows) {
    this.transactions = transactions;
    this.rows = rows;
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
          rows.markPublished(tx, seqs, LedgerTx.now());
          return null;
        });
  }
}
