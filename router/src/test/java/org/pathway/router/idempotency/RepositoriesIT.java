package org.pathway.router.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.router.Fixtures;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.PersonContact;
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
    assertThat(flyway.migrate().migrationsExecuted).isEqualTo(8);
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
}
