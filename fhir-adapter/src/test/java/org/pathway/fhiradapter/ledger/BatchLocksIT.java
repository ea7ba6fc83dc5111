package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.support.LedgerConnections;
import org.pathway.testsupport.database.TestDatabase;

/**
 * A ledger batch (the applier's poll in one transaction) on real PostgreSQL, beside an ordinary
 * transaction that takes the same two locks in the other order, as an onward referral's intake
 * (parent Task, then its group) does against a batch that reached the group first.
 */
class BatchLocksIT {

  private static final long FIRST = 101;
  private static final long SECOND = 102;
  // Longer than any test here: a batch that lets its locks go earlier did so for another reason.
  private static final Duration LONG_HOLD = Duration.ofMinutes(1);

  static TestDatabase db;
  static LedgerConnections ledger;
  static LedgerTransactions transactions;

  @BeforeAll
  static void start() throws SQLException {
    db = TestDatabase.create("batch_locks");
    ledger = LedgerConnections.open(db, 4);
    transactions = ledger.transactions();
    try (Connection c = db.connect();
        var st = c.createStatement()) {
      st.execute("CREATE TABLE done (what text NOT NULL)");
    }
  }

  @AfterAll
  static void stop() {
    ledger.close();
    db.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = db.connect();
        var st = c.createStatement()) {
      st.execute("TRUNCATE done");
    }
  }

  @Test
  void aBatchThatWouldWaitOnAnotherTransactionWhileHoldingItsLockCommitsAndBothGoOn()
      throws Exception {
    try (var batch = transactions.openBatch(false, LONG_HOLD)) {
      // given a batch whose first piece of work holds the first lock
      batch.run(tx -> lockAndRecord(tx, FIRST, "batch: first"));
      // and a request that holds the second lock and waits for the first
      CompletableFuture<Void> request = holdingTheSecondAwaitingTheFirst("request");

      // when the batch's next piece of work needs the second lock
      batch.run(tx -> lockAndRecord(tx, SECOND, "batch: second"));
      batch.commit();

      // then neither was chosen as a deadlock's victim: the request went on once the batch had
      // committed its first piece, and the second piece ran after it
      request.get(20, TimeUnit.SECONDS);
      assertThat(recorded()).containsExactly("batch: first", "request", "batch: second");
    }
  }

  @Test
  void theFirstPieceOfWorkInATransactionWaitsAsLongAsAnyRequest() throws Exception {
    long held = LedgerTransactions.BOUNDED_LOCK_WAIT.toMillis() * 10;
    try (Connection other = db.connect()) {
      // given a request holding the lock for ten times the batch's bounded wait
      other.setAutoCommit(false);
      lock(other, FIRST);
      CompletableFuture<Void> letGo =
          CompletableFuture.runAsync(
              () -> {
                try {
                  Thread.sleep(held);
                  record(other, "request");
                  other.commit();
                } catch (SQLException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });

      // when a batch's first piece of work needs it
      try (var batch = transactions.openBatch(false, LONG_HOLD)) {
        batch.run(tx -> lockAndRecord(tx, FIRST, "batch: first"));
        batch.commit();
      }

      // then it waited for it rather than failing
      letGo.get(20, TimeUnit.SECONDS);
      assertThat(recorded()).containsExactly("request", "batch: first");
    }
  }

  @Test
  void workThatRunsAgainAfterTheEarlyCommitKeepsItsDeferredAppendsOnce() throws Exception {
    try (var batch = transactions.openBatch(true, LONG_HOLD)) {
      batch.run(
          tx -> {
            lock(tx.connection(), FIRST);
            tx.append("INSERT INTO done (what) VALUES (?)", ps -> ps.setString(1, "batch: first"));
            return null;
          });
      CompletableFuture<Void> request = holdingTheSecondAwaitingTheFirst(null);

      batch.run(
          tx -> {
            tx.append("INSERT INTO done (what) VALUES (?)", ps -> ps.setString(1, "batch: second"));
            lock(tx.connection(), SECOND);
            return null;
          });
      batch.commit();
      request.get(20, TimeUnit.SECONDS);
    }
    // the second piece's append, made before its lock wait gave up, is written once, not twice
    assertThat(recorded()).containsExactlyInAnyOrder("batch: first", "batch: second");
  }

  @Test
  void aBatchLetsAGroupsLockGoAsSoonAsTheWorkThatTookItIsDone() throws Exception {
    var places = new org.pathway.fhiradapter.ledger.store.PlaceRows();
    try (var batch = transactions.openBatch(false, LONG_HOLD)) {
      // given a batch whose piece of work took a group's lock (a member's place changed)
      batch.run(
          tx -> {
            places.lockGroup(tx, "walking-group");
            record(tx.connection(), "batch: member moved");
            return null;
          });

      // when an onward referral to that group asks for its lock while the batch goes on
      boolean free;
      try (Connection other = db.connect()) {
        other.setAutoCommit(false);
        free = tryGroupLock(other, "walking-group");
        other.rollback();
      }
      batch.run(tx -> lockAndRecord(tx, FIRST, "batch: next event"));
      batch.commit();

      // then it had it at once, and what the batch did before was already committed
      assertThat(free).isTrue();
      assertThat(recorded()).containsExactly("batch: member moved", "batch: next event");
    }
  }

  @Test
  void aBatchKeepsAnOrdinaryLockUntilItCommits() throws Exception {
    try (var batch = transactions.openBatch(false, LONG_HOLD)) {
      // given a batch whose piece of work took an ordinary lock
      batch.run(tx -> lockAndRecord(tx, FIRST, "batch: first"));

      // then it still holds it while it goes on, within its hold time
      assertThat(tryLock(FIRST)).isFalse();
      batch.commit();
    }
  }

  @Test
  void aBatchLetsItsLocksGoOnceItHasHeldThemForItsHoldTime() throws Exception {
    Duration hold = Duration.ofSeconds(1);
    try (var batch = transactions.openBatch(false, hold)) {
      // given a batch whose first piece of work took an ordinary lock
      batch.run(tx -> lockAndRecord(tx, FIRST, "batch: first"));
      // and whose next piece ends after the batch's hold time
      batch.run(
          tx -> {
            sleep(hold.plusMillis(100));
            record(tx.connection(), "batch: slow");
            return null;
          });

      // then a request for the lock has it at once, and what ran so far is committed
      assertThat(tryLock(FIRST)).isTrue();
      assertThat(recorded()).containsExactly("batch: first", "batch: slow");

      // and the next piece starts a transaction of its own, which keeps its lock again
      batch.run(tx -> lockAndRecord(tx, SECOND, "batch: next"));
      assertThat(tryLock(SECOND)).isFalse();
      batch.commit();
    }
    assertThat(recorded()).containsExactly("batch: first", "batch: slow", "batch: next");
  }

  private static boolean tryLock(long key) throws SQLException {
    try (Connection other = db.connect();
        var ps = other.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, key);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // The lock PlaceRows takes for a group, tried without waiting.
  private static boolean tryGroupLock(Connection c, String groupId) throws SQLException {
    try (var ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 7))")) {
      ps.setString(1, "group-places:" + groupId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * A request that takes the second lock, then waits for the first, records {@code what} (unless
   * null) and commits; returns once it is waiting.
   */
  private static CompletableFuture<Void> holdingTheSecondAwaitingTheFirst(String what) {
    CompletableFuture<Void> request =
        CompletableFuture.runAsync(
            () -> {
              try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                lock(c, SECOND);
                lock(c, FIRST);
                if (what != null) {
                  record(c, what);
                }
                c.commit();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofSeconds(20)).until(BatchLocksIT::someoneWaitsForALock);
    return request;
  }

  private static Void lockAndRecord(LedgerTx tx, long key, String what) throws SQLException {
    lock(tx.connection(), key);
    record(tx.connection(), what);
    return null;
  }

  private static void lock(Connection c, long key) throws SQLException {
    try (var ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, key);
      ps.execute();
    }
  }

  private static void record(Connection c, String what) throws SQLException {
    try (var ps = c.prepareStatement("INSERT INTO done (what) VALUES (?)")) {
      ps.setString(1, what);
      ps.executeUpdate();
    }
  }

  private static boolean someoneWaitsForALock() throws SQLException {
    try (Connection c = db.connect();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  // In commit order: a row's transaction id (xmin) grows with each transaction that wrote it.
  private static List<String> recorded() throws SQLException {
    try (Connection c = db.connect();
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT what FROM done ORDER BY xmin::text::bigint, ctid")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
