package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.ledger.store.InteractionRows;
import org.pathway.fhiradapter.ledger.store.OutboxNotices;
import org.pathway.fhiradapter.ledger.store.RelayLock;
import org.pathway.fhiradapter.support.LedgerDatabase;
import org.pathway.testsupport.database.TestDatabase;

/** The interaction audit's writer on real PostgreSQL: what flush promises. */
class InteractionLogIT {

  static TestDatabase db;
  static HikariDataSource pool;
  static InteractionLog log;

  @BeforeAll
  static void start() {
    db = LedgerDatabase.create("interaction_log");
    pool = new HikariDataSource();
    pool.setJdbcUrl(db.url());
    pool.setUsername(db.username());
    pool.setPassword(db.password());
    pool.setMaximumPoolSize(2);
    var transactions =
        new LedgerTransactions(
            pool,
            new CommitSignal(),
            new OutboxNotices(
                db.url(),
                db.username(),
                db.password(),
                new RelayLock(db.url(), db.username(), db.password())));
    log = new InteractionLog(transactions, new InteractionRows());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    log.stop();
    pool.close();
    db.close();
  }

  @Test
  void flushWritesARecordTheWriterHadAlreadyTakenFromTheQueue() throws Exception {
    // given a record the writer thread takes at once and holds while its batch fills
    log.record(record("held-by-the-writer"));
    Thread.sleep(InteractionLog.DRAIN_MILLIS / 4);

    // when everything recorded so far is flushed
    log.flush();

    // then that record is written too, not only what was still queued
    assertThat(written("held-by-the-writer")).isEqualTo(1);
  }

  static InteractionRecord record(String clientId) {
    return new InteractionRecord(
        0,
        LedgerTx.now(),
        InteractionRecord.INTERACTION,
        clientId,
        "org",
        "referrer",
        "GET",
        "read",
        "Task",
        "t-1",
        null,
        200,
        "corr",
        "req",
        null,
        null,
        null);
  }

  static int written(String clientId) throws SQLException {
    try (Connection c = db.connect();
        var ps = c.prepareStatement("SELECT count(*) FROM audit_event WHERE client_id = ?")) {
      ps.setString(1, clientId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
