package org.pathway.router.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.router.Fixtures;
import org.pathway.router.decision.KnownReferral;
import org.pathway.testsupport.database.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the router remembers while it decides a poll is one transaction on PostgreSQL: invisible to
 * every other connection until the poll commits, then all at once; gone when the poll ends without
 * committing; and a referral remembered twice in one poll does not abort it.
 */
class PollTransactionsIT {

  private TestDatabase database;
  private PGSimpleDataSource pool;
  private PollTransactions polls;
  private ReferralMemory referrals;
  private TaskOwnerMemory owners;

  @BeforeEach
  void migrate() {
    database = TestDatabase.create("router");
    pool = new PGSimpleDataSource();
    pool.setUrl(database.url());
    pool.setUser(database.username());
    pool.setPassword(database.password());
    Flyway.configure().dataSource(pool).load().migrate();
    polls = new PollTransactions(pool);
    referrals = new ReferralMemory(polls.dataSource());
    owners = new TaskOwnerMemory(polls.dataSource());
  }

  @AfterEach
  void drop() {
    polls.end();
    database.close();
  }

  @Test
  void whatAPollRemembersIsSeenByOthersOnlyOnceItCommitsAndThenAllAtOnce() throws Exception {
    KnownReferral known = KnownReferral.of(Fixtures.referral("r-1").build());

    // Given a poll that has remembered a referral and a Task's owner
    polls.begin();
    referrals.remember("r-1", known);
    owners.remember("r-1", "t-1", "HealthcareService/lw-east");

    // Then the poll reads its own writes, and no other connection sees either of them
    assertThat(referrals.recall("r-1").practiceOdsCode()).isEqualTo(known.practiceOdsCode());
    assertThat(owners.recall("t-1")).contains("HealthcareService/lw-east");
    assertThat(rows("router_referral")).as("before the poll commits").isZero();
    assertThat(onAnotherThread(() -> owners.recall("t-1"))).as("another thread").isEmpty();

    // When the poll commits
    polls.commit();
    polls.end();

    // Then both are there for everyone
    assertThat(rows("router_referral")).isEqualTo(1);
    assertThat(rows("router_task_owner")).isEqualTo(1);
  }

  @Test
  void aPollEndedWithoutCommittingLeavesNothingBehind() throws Exception {
    polls.begin();
    referrals.remember("r-2", KnownReferral.of(Fixtures.referral("r-2").build()));
    owners.remember("r-2", "t-2", "HealthcareService/lw-east");

    polls.end();

    assertThat(rows("router_referral")).isZero();
    assertThat(rows("router_task_owner")).isZero();
    assertThat(referrals.recall("r-2")).isEqualTo(KnownReferral.unknown());
  }

  @Test
  void aPollsRecordsShareOneConnectionThatClosingDoesNotEnd() throws Exception {
    polls.begin();
    int first;
    try (Connection c = polls.dataSource().getConnection()) {
      first = backend(c);
    }
    int second;
    try (Connection c = polls.dataSource().getConnection()) {
      second = backend(c);
      assertThat(c.getAutoCommit()).as("inside a poll").isFalse();
    }
    assertThat(second).as("the same session after the first was closed").isEqualTo(first);
    int elsewhere =
        onAnotherThread(
            () -> {
              try (Connection c = polls.dataSource().getConnection()) {
                return backend(c);
              }
            });
    assertThat(elsewhere).as("a thread outside the poll").isNotEqualTo(first);
    polls.end();

    try (Connection c = polls.dataSource().getConnection()) {
      assertThat(backend(c)).as("after the poll").isNotEqualTo(first);
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void aReferralRememberedTwiceInOnePollKeepsTheLaterAndCommits() throws Exception {
    var first = Fixtures.referral("r-3").build();
    var again = Fixtures.referral("r-3").setPracticeOdsCode("Y99999").build();

    polls.begin();
    referrals.remember("r-3", KnownReferral.of(first));
    referrals.remember("r-3", KnownReferral.of(again));
    polls.commit();
    polls.end();

    assertThat(referrals.recall("r-3").practiceOdsCode()).isEqualTo("Y99999");
  }

  private int rows(String table) throws SQLException {
    try (Connection c = database.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int backend(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static <T> T onAnotherThread(ThrowingSupplier<T> work) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return work.get();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .get();
  }

  @FunctionalInterface
  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }
}
