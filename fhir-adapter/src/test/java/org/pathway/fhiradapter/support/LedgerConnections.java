package org.pathway.fhiradapter.support;

import com.zaxxer.hikari.HikariDataSource;
import org.pathway.fhiradapter.ledger.CommitSignal;
import org.pathway.fhiradapter.ledger.LedgerTransactions;
import org.pathway.fhiradapter.ledger.store.OutboxNotices;
import org.pathway.fhiradapter.ledger.store.RelayLock;
import org.pathway.testsupport.database.TestDatabase;

/**
 * The ledger's transactions over a test database, built as the adapter builds them but without the
 * adapter: a pool, the relay's lock session and the outbox notices' session.
 */
public record LedgerConnections(
    HikariDataSource pool, LedgerTransactions transactions, RelayLock relay, OutboxNotices notices)
    implements AutoCloseable {

  /** A pool of at most {@code poolSize} connections to {@code db}, and transactions over it. */
  public static LedgerConnections open(TestDatabase db, int poolSize) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(db.url());
    pool.setUsername(db.username());
    pool.setPassword(db.password());
    pool.setMaximumPoolSize(poolSize);
    RelayLock relay = new RelayLock(db.url(), db.username(), db.password());
    OutboxNotices notices = new OutboxNotices(db.url(), db.username(), db.password(), relay);
    return new LedgerConnections(
        pool, new LedgerTransactions(pool, new CommitSignal(), notices), relay, notices);
  }

  /** Closes the sessions, then the pool. */
  @Override
  public void close() {
    notices.close();
    relay.close();
    pool.close();
  }
}
