package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.ledger.OutboxRow;
import org.pathway.fhiradapter.ledger.OutboxStore;
import org.pathway.fhiradapter.retention.RetentionKind;
import org.pathway.fhiradapter.retention.RetentionSchedule;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Clients;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Referrals;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.time.MovableClock;

/**
 * The outbox under the retention job (real PostgreSQL and Kafka, the test's clock): a published
 * event is purged once past the consumed-events period, an unpublished one never — and a closed
 * referral whose events have not all left waits for them before the referral-history purge takes
 * it, so the relay never announces a referral the ledger no longer holds. The relay is off here, so
 * the test marks rows published as the relay does once Kafka has acknowledged them.
 */
class OutboxRetentionIT {

  private static final Duration CONSUMED_EVENTS = Duration.ofDays(30);
  private static final Duration REFERRAL_HISTORY = Duration.ofDays(2922);

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static MovableClock clock;
  static IGenericClient practice;
  static IGenericClient linkWorker;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    clock = new MovableClock(Instant.now());
    adapter =
        Adapter.start(
            db, kafka.bootstrapServers(), Map.of("pathway.outbox.enabled", "false"), clock);
    practice = Clients.as(() -> adapter, "practice-a81001");
    linkWorker = Clients.as(() -> adapter, "lw-city");
  }

  @AfterAll
  static void stop() {
    adapter.close();
    kafka.close();
    db.close();
  }

  @Test
  void publishedEventsArePurgedAfterTheirPeriodUnpublishedNeverAndTheirReferralWaitsForThem() {
    // given two declined referrals: A's events published, B's still waiting in the outbox
    String a = declinedReferral();
    String b = declinedReferral();
    OutboxStore outbox = adapter.context().getBean(OutboxStore.class);
    List<Long> published = seqsOf(outbox, a);
    assertThat(published).isNotEmpty();
    List<String> asWritten = versionsOf(a);
    outbox.markPublished(published);
    // publishing takes A's events off the relay's queue and leaves them as they were written: no
    // new row versions (each would have a place of its own)
    assertThat(outbox.unpublished(10_000)).noneMatch(r -> a.equals(r.referralId()));
    assertThat(versionsOf(a)).isEqualTo(asWritten);
    long waiting =
        adapter
            .ledger()
            .count("outbox", "referral_id = ? AND seq IN (SELECT seq FROM outbox_pending)", b);
    assertThat(waiting).isPositive();
    RetentionSchedule job = adapter.context().getBean(RetentionSchedule.class);

    // when the job runs a day after the consumed-events period
    clock.set(Instant.now().plus(CONSUMED_EVENTS).plus(Duration.ofDays(1)));
    Map<RetentionKind, Integer> purged = job.runOnce();

    // then A's published events are gone, B's unpublished ones all kept, the referrals kept
    assertThat(adapter.ledger().count("outbox", "referral_id = ?", a)).isZero();
    assertThat(purged.get(RetentionKind.CONSUMED_EVENTS)).isGreaterThanOrEqualTo(published.size());
    assertThat(adapter.ledger().count("outbox", "referral_id = ?", b)).isEqualTo(waiting);
    assertThat(adapter.ledger().count("referral", "id = ? OR id = ?", a, b)).isEqualTo(2);
    assertThat(adapter.ledger().count("retention_purge", "kind = 'consumed-events'")).isEqualTo(1);

    // when it runs after the referrals' 8 years: A goes; B waits, its events not yet out
    clock.set(Instant.now().plus(REFERRAL_HISTORY).plus(Duration.ofDays(1)));
    purged = job.runOnce();
    assertThat(purged.get(RetentionKind.REFERRAL_HISTORY)).isEqualTo(1);
    assertThat(adapter.ledger().count("referral", "id = ?", a)).isZero();
    assertThat(adapter.ledger().count("referral", "id = ?", b)).isEqualTo(1);
    assertThat(
            adapter
                .ledger()
                .count("outbox", "referral_id = ? AND seq IN (SELECT seq FROM outbox_pending)", b))
        .isEqualTo(waiting);

    // and once B's events have left, the next run takes B too
    outbox.markPublished(seqsOf(outbox, b));
    purged = job.runOnce();
    assertThat(purged.get(RetentionKind.REFERRAL_HISTORY)).isEqualTo(1);
    assertThat(adapter.ledger().count("referral", "id = ?", b)).isZero();
    assertThat(adapter.ledger().count("outbox", "referral_id = ?", b)).isZero();
    assertThat(adapter.ledger().count("retention_purge", "kind = 'referral-history'")).isEqualTo(2);
  }

  /** Where each of the referral's outbox rows is stored ({@code ctid}), in sequence order. */
  private static List<String> versionsOf(String referralId) {
    try (var c = db.connect();
        var ps =
            c.prepareStatement(
                "SELECT ctid::text FROM outbox WHERE referral_id = ? ORDER BY seq")) {
      ps.setString(1, referralId);
      List<String> places = new java.util.ArrayList<>();
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          places.add(rs.getString(1));
        }
      }
      return places;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Long> seqsOf(OutboxStore outbox, String referralId) {
    return outbox.unpublished(10_000).stream()
        .filter(r -> referralId.equals(r.referralId()))
        .map(OutboxRow::seq)
        .toList();
  }

  /** A new referral, declined by its link-worker service (closed); its referral id. */
  private static String declinedReferral() {
    Task task = Referrals.refer(practice, Fixtures.referral("A81001", "HealthcareService/lw-city"));
    Task decline =
        linkWorker.read().resource(Task.class).withId(task.getIdElement().getIdPart()).execute();
    decline.setStatus(TaskStatus.REJECTED);
    decline.setStatusReason(
        new CodeableConcept(new Coding(CodeSystems.DECLINE_REASON, "no-capacity", null)));
    linkWorker.update().resource(decline).withId(decline.getIdElement()).execute();
    return task.getFocus().getReferenceElement().getIdPart();
  }
}
