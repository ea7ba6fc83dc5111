package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.ledger.store.PlaceRows;
import org.pathway.fhiradapter.support.LedgerDatabase;
import org.pathway.testsupport.database.TestDatabase;

/**
 * A community group's lock on real PostgreSQL (the ledger's own schema): onward referrals starting
 * at one group share it and are written side by side, whatever changes the group's count waits for
 * them, and people joining its waitlist together still get positions one after the other.
 */
class GroupLocksIT {

  private static final String GROUP = "walk-and-talk";

  /** Long enough for a free lock on a busy machine, far shorter than any test's patience. */
  private static final String WAIT_BOUND = "2s";

  static TestDatabase db;
  final PlaceRows places = new PlaceRows();

  @BeforeAll
  static void start() {
    db = LedgerDatabase.create("group_locks");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = db.connect();
        var st = c.createStatement()) {
      st.execute("TRUNCATE group_waitlist");
    }
  }

  @Test
  void newTasksAtOneGroupDoNotWaitForEachOther() throws Exception {
    try (Connection first = open();
        Connection second = open()) {
      // given an onward referral starting at the group, not yet committed
      places.shareGroup(new LedgerTx(first), GROUP);

      // when another starts at the same group, waiting no longer than the bound
      boundWait(second);
      places.shareGroup(new LedgerTx(second), GROUP);

      // then it got the lock beside the first (an exclusive lock would have run out: 55P03)
      second.commit();
      first.commit();
    }
  }

  @Test
  void aChangeOfTheCountWaitsForTheTasksStartingAtTheGroup() throws Exception {
    try (Connection starting = open();
        Connection accepting = open()) {
      // given an onward referral starting at the group
      places.shareGroup(new LedgerTx(starting), GROUP);

      // when an accept, which changes the count, asks for the group's lock
      boundWait(accepting);

      // then it waits until the start has committed
      assertThatThrownBy(() -> places.lockGroup(new LedgerTx(accepting), GROUP))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55P03"));
      accepting.rollback();
      starting.commit();
      boundWait(accepting);
      places.lockGroup(new LedgerTx(accepting), GROUP);
      accepting.commit();
    }
  }

  @Test
  void twoPeopleJoiningTheWaitlistTogetherGetPositionsOneAfterTheOther() throws Exception {
    try (Connection first = open();
        Connection second = open()) {
      // given one person joining the full group's waitlist, not yet committed
      LedgerTx firstTx = new LedgerTx(first);
      places.shareGroup(firstTx, GROUP);
      assertThat(places.join(firstTx, GROUP, "task-1", OffsetDateTime.now())).isEqualTo(1);

      // when a second joins at the same moment
      CompletableFuture<Integer> secondPosition =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  LedgerTx secondTx = new LedgerTx(second);
                  places.shareGroup(secondTx, GROUP);
                  int position = places.join(secondTx, GROUP, "task-2", OffsetDateTime.now());
                  second.commit();
                  return position;
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });

      // then the second waits for the first to be on the list
      Thread.sleep(300);
      assertThat(secondPosition).isNotDone();
      first.commit();
      // and comes after it, never beside it at position 1
      assertThat(secondPosition.get(20, TimeUnit.SECONDS)).isEqualTo(2);
    }
  }

  private static Connection open() throws SQLException {
    Connection c = db.connect();
    c.setAutoCommit(false);
    return c;
  }

  private static void boundWait(Connection c) throws SQLException {
    try (var st = c.createStatement()) {
      st.execute("SET LOCAL lock_timeout = '" + WAIT_BOUND + "'");
    }
  }
}
