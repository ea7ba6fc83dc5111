package org.pathway.router.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.retention.RetentionJob;
import org.pathway.router.Fixtures;
import org.pathway.router.TestClock;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.PersonContact;
import org.pathway.router.decision.RoutedReferral;
import org.pathway.router.retention.RetentionKind;
import org.pathway.router.retention.RetentionPurge;
import org.pathway.testsupport.database.TableReads;
import org.pathway.testsupport.database.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/** The router's repositories on PostgreSQL, with the tables its Flyway migrations create. */
class RepositoriesIT {

  private TestDatabase database;
  private PGSimpleDataSource dataSource;

  @BeforeEach
  void migrate() {
    database = TestDatabase.create("router");
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.url());
    dataSource.setUser(database.username());
    dataSource.setPassword(database.password());
    Flyway flyway = Flyway.configure().dataSource(dataSource).load();
    assertThat(flyway.migrate().migrationsExecuted).isEqualTo(12);
    assertThat(flyway.migrate().migrationsExecuted).as("a restart migrates nothing").isZero();
  }

  @AfterEach
  void drop() {
    database.close();
  }

  @Test
  void remembersAnEventIdOncePerProcessor() {
    var events = new JdbcIdempotentRepository(dataSource, "referral-events");
    var other = new JdbcIdempotentRepository(dataSource, "someone-else");

    assertThat(events.contains("e1")).isFalse();
    assertThat(events.add("e1")).isTrue();
    assertThat(events.add("e1")).isFalse();
    assertThat(events.contains("e1")).isTrue();
    assertThat(other.contains("e1")).isFalse();
    assertThat(events.remove("e1")).isTrue();
    assertThat(events.contains("e1")).isFalse();
  }

  @Test
  void tellsWhichOfAPollsEventIdsWereHandledBeforeInOneLookup() {
    var events = new JdbcIdempotentRepository(dataSource, "referral-events");
    var other = new JdbcIdempotentRepository(dataSource, "someone-else");
    events.addAll(java.util.List.of("p1", "p3"));
    other.add("p2");

    assertThat(events.containedAmong(java.util.Set.of("p1", "p2", "p3", "p4")))
        .containsExactlyInAnyOrder("p1", "p3");
    assertThat(other.containedAmong(java.util.Set.of("p1", "p2"))).containsExactly("p2");
    assertThat(events.containedAmong(java.util.Set.of())).isEmpty();
  }

  /**
   * A router asks after every poll which of its event ids it handled before. Keyed (processor,
   * event_id), with no statistics gathered yet, PostgreSQL 15 planned that lookup as every row of
   * the processor found by the key's first column, each compared with every id of the poll: in B6,
   * 20 ms and 250 buffers a poll at 12,000 ids, growing with the log (here: 12,000 rows fetched).
   * Keyed by event id first, the key serves only one probe per id. PostgreSQL 17, the embedded
   * server, plans the lookup well either way: this test tells on a 15 server ({@code
   * PATHWAY_POSTGRES_URL}).
   */
  @Test
  void aPollsLookupReadsOnlyItsOwnIdsHoweverManyAreRemembered() throws Exception {
    try (var pooled = oneConnection()) {
      var events = new JdbcIdempotentRepository(pooled, "referral-events");
      try (Connection c = pooled.getConnection();
          var s = c.createStatement()) {
        // a burst: autovacuum has not come round to gather the log's statistics (in B6 it never
        // had, 12,000 ids in)
        s.execute("alter table router_processed_event set (autovacuum_enabled = false)");
      }
      // given a router that has looked up its polls' ids in an empty log, poll after poll
      for (int poll = 0; poll < 10; poll++) {
        assertThat(events.containedAmong(ids("early-" + poll + "-", 50))).isEmpty();
      }
      // when 12,000 events have been handled since
      for (int poll = 0; poll < 120; poll++) {
        events.addAll(ids("handled-" + poll + "-", 100));
      }
      var poll = new java.util.HashSet<>(ids("new-", 68));
      poll.addAll(java.util.List.of("handled-7-7", "handled-99-0"));
      long before = TableReads.rowsRead(pooled, "router_processed_event");
      var known = events.containedAmong(poll);
      long fetched = TableReads.rowsRead(pooled, "router_processed_event") - before;

      // then the next poll's lookup finds its two repeats and fetches no more than its own rows
      assertThat(known).containsExactlyInAnyOrder("handled-7-7", "handled-99-0");
      assertThat(fetched).as("rows of the log one lookup fetched").isLessThan(100);
    }
  }

  private com.zaxxer.hikari.HikariDataSource oneConnection() {
    var config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(database.url());
    config.setUsername(database.username());
    config.setPassword(database.password());
    // One connection, as a pool hands the same one back: the plan cache is per connection.
    config.setMaximumPoolSize(1);
    return new com.zaxxer.hikari.HikariDataSource(config);
  }

  private static java.util.Set<String> ids(String prefix, int n) {
    var ids = new java.util.LinkedHashSet<String>();
    for (int i = 0; i < n; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  @Test
  void remembersTheLatestPracticeOfAReferral() {
    var memory = new ReferralMemory(dataSource);

    memory.remember("r1", Fixtures.known("A81001"));
    memory.remember("r1", Fixtures.known("B82005"));

    assertThat(memory.recall("r1").practiceOdsCode()).isEqualTo("B82005");
    assertThat(memory.recall("r1").referralIdentifier())
        .isEqualTo("https://emis.example/referrals|known");
    assertThat(memory.recall("unknown")).isEqualTo(KnownReferral.unknown());
  }

  @Test
  void remembersWhoReferredAGroupsTaskOnAndARedeliveryChangesNothing() {
    var memory = new OnwardReferralMemory(dataSource);
    var referredOn = OnwardReferral.of(Fixtures.onwardReferral("r3", "walk-and-talk"));

    memory.remember("r3", referredOn);
    memory.remember("r3", referredOn);

    assertThat(memory.recall("task-group-r3")).contains(referredOn);
    assertThat(memory.recall("task-group-r3").orElseThrow().linkWorkerReference())
        .isEqualTo("HealthcareService/lw-north");
    assertThat(memory.recall("task-r3")).as("the link worker's own Task").isEmpty();
  }

  @Test
  void remembersTheLatestOwnerOfATask() {
    var memory = new TaskOwnerMemory(dataSource);

    memory.remember("r4", "task-r4", "HealthcareService/lw-north");
    memory.remember("r4", "task-r4", "HealthcareService/lw-north");
    assertThat(memory.recall("task-r4")).contains("HealthcareService/lw-north");

    // A reassignment the ledger reports wins.
    memory.remember("r4", "task-r4", "HealthcareService/lw-south");
    assertThat(memory.recall("task-r4")).contains("HealthcareService/lw-south");
    assertThat(memory.recall("task-never-seen")).isEmpty();
  }

  @Test
  void remembersWhatTriageRoutedUntilTheLedgerAnnouncesTheOwner() {
    var memory = new RoutedReferralMemory(dataSource);
    RoutedReferral routed = routed("task-r5", "decision-1");

    memory.remember("r5", routed);
    memory.remember("r5", routed);

    assertThat(memory.recall("task-r5")).contains(routed);
    assertThat(memory.recall("task-never-routed")).isEmpty();
  }

  private static RoutedReferral routed(String taskId, String decisionId) {
    return new RoutedReferral(
        taskId,
        decisionId,
        "HealthcareService/lw-north",
        "LS1",
        "phone",
        "+447700900999",
        "alex@example.org",
        "loneliness, debt",
        Instant.parse("2026-11-09T10:00:00.123Z"));
  }

  @Test
  void remembersHowAConsentingPersonMayBeToldAndForgetsItWhenTheyMayNot() {
    var memory = new PersonContactMemory(dataSource);
    assertThat(memory.recall("r-person")).isEmpty();

    memory.remember(
        "r-person",
        Optional.of(
            new PersonContact("Alex", org.pathway.events.avro.Channel.EMAIL, "a@example.org")));
    memory.remember(
        "r-person",
        Optional.of(
            new PersonContact("Alex", org.pathway.events.avro.Channel.SMS, "+447700900999")));
    assertThat(memory.recall("r-person"))
        .contains(new PersonContact("Alex", org.pathway.events.avro.Channel.SMS, "+447700900999"));

    memory.remember("r-person", Optional.empty());
    assertThat(memory.recall("r-person")).isEmpty();
  }

  @Test
  void remembersThePersonAsTheGpKnowsThem() {
    var memory = new ReferralMemory(dataSource);

    memory.remember("r2", Fixtures.known("A81001"));

    assertThat(memory.recall("r2")).isEqualTo(Fixtures.known("A81001"));
    assertThat(memory.recall("r2").personName()).isEqualTo("Alex Jones");
  }

  @Test
  void forgetsAReferralsFactsAndContactOncePastTheirPeriodAndRecordsThePurge() throws Exception {
    // given what the router remembers of a referral and of the person, and a handled event
    var referrals = new ReferralMemory(dataSource);
    var contacts = new PersonContactMemory(dataSource);
    var events = new JdbcIdempotentRepository(dataSource, "referral-events");
    referrals.remember("r-old", Fixtures.known("A81001"));
    contacts.remember(
        "r-old",
        Optional.of(
            new PersonContact("Alex", org.pathway.events.avro.Channel.SMS, "+447700900999")));
    var routed = new RoutedReferralMemory(dataSource);
    routed.remember("r-old", routed("task-r-old", "decision-old"));
    events.add("e-old");
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TestClock clock = new TestClock();
    Map<RetentionKind, Duration> periods =
        Map.of(
            RetentionKind.REFERRAL_FACTS, Duration.ofDays(365),
            RetentionKind.CONSUMED_EVENTS, Duration.ofDays(30));
    var job =
        new RetentionJob<>(
            new RetentionPurge(dataSource)::purge, RetentionKind.class, periods, 2, clock);

    // when the job runs after 31 days: the event id goes, the referral's facts stay
    clock.set(start.plus(Duration.ofDays(31)));
    assertThat(job.runOnce())
        .containsEntry(RetentionKind.CONSUMED_EVENTS, 1)
        .containsEntry(RetentionKind.REFERRAL_FACTS, 0);
    assertThat(events.contains("e-old")).isFalse();
    assertThat(referrals.recall("r-old").personName()).isEqualTo("Alex Jones");

    // when it runs after a year and a day
    Instant yearOn = start.plus(Duration.ofDays(366));
    clock.set(yearOn);
    Map<RetentionKind, Integer> purged = job.runOnce();

    // then the person as the GP knows them, and their contact details, are gone
    assertThat(purged).containsEntry(RetentionKind.REFERRAL_FACTS, 3);
    assertThat(referrals.recall("r-old")).isEqualTo(KnownReferral.unknown());
    assertThat(contacts.recall("r-old")).isEmpty();
    assertThat(routed.recall("task-r-old")).isEmpty();

    // and each purge is recorded with its kind, count, cutoff and time, naming no referral
    try (Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT kind, purged, cutoff, purged_at FROM retention_purge ORDER BY id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("consumed-events");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("referral-facts");
      assertThat(rs.getInt(2)).isEqualTo(3);
      assertThat(rs.getObject(3, OffsetDateTime.class).toInstant())
          .isEqualTo(yearOn.minus(Duration.ofDays(365)));
      assertThat(rs.getObject(4, OffsetDateTime.class).toInstant()).isEqualTo(yearOn);
      assertThat(rs.next()).isFalse();
    }

    // and a second run finds nothing, and records nothing
    assertThat(job.runOnce()).containsEntry(RetentionKind.REFERRAL_FACTS, 0);
  }
}
