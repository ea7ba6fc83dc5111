package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.ledger.store.InteractionRows;
import org.pathway.fhiradapter.support.LedgerConnections;
import org.pathway.fhiradapter.support.LedgerDatabase;
import org.pathway.testsupport.database.TestDatabase;

/** The interaction audit's writer on real PostgreSQL: what flush promises. */
class InteractionLogIT {

  static TestDatabase db;
  static LedgerConnections ledger;
  static InteractionLog log;

  @BeforeAll
  static void start() {
    db = LedgerDatabase.create("interaction_log");
    ledger = LedgerConnections.open(db, 2);
    log = new InteractionLog(ledger.transactions(), new InteractionRows());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    log.stop();
    ledger.close();
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
