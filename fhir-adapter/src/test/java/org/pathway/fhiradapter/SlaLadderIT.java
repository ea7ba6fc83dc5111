package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.OverdueRung;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.retention.RetentionKind;
import org.pathway.fhiradapter.retention.RetentionSchedule;
import org.pathway.fhiradapter.sla.SlaWatch;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Clients;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Referrals;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.time.MovableClock;

/**
 * The SLA ladder end to end in the adapter, over HTTP against real Kafka and PostgreSQL, with a
 * clock the test moves: the scan announces each rung, the router's decisions (as {@code
 * EscalationPolicy} makes them: next rung 2 days after a nudge, 7 after an escalation) are fed
 * back, and the last one returns the Task to the GP. The router's side (these decisions from these
 * events, and the GP's message from the rejected Task) is {@code ReferralRoutingIT}'s. The same
 * clock drives the retention job: a closed referral past its period is purged, an open one kept.
 */
class SlaLadderIT {

  static final Duration ESCALATE_AFTER = Duration.ofDays(2);
  static final Duration AUTO_RETURN_AFTER = Duration.ofDays(7);
  static final Duration WAIT = Duration.ofSeconds(60);

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static MovableClock clock;
  static IGenericClient practice;
  static IGenericClient linkWorker;
  static KafkaProducer<String, SpecificRecord> router;
  static TopicTail events;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    clock = new MovableClock(Instant.now());
    adapter =
        Adapter.start(
            db, kafka.bootstrapServers(), Map.of("pathway.sla.scan-interval", "100ms"), clock);
    practice = Clients.as(() -> adapter, "practice-a81001");
    linkWorker = Clients.as(() -> adapter, "lw-city");
    router =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new EventSerializer());
    events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name());
  }

  @AfterAll
  static void stop() {
    events.close();
    router.close();
    adapter.close();
    kafka.close();
    db.close();
  }

  @Test
  void anUnacceptedReferralIsNudgedEscalatedAndReturnedToTheGpAsTheClockMoves() {
    // given a referral to the link-worker service, due to be accepted in 5 days
    clock.set(Instant.now());
    Task task = newReferralTask();
    String taskId = task.getIdElement().getIdPart();
    String referralId = task.getFocus().getReferenceElement().getIdPart();
    Instant stepDue = task.getRestriction().getPeriod().getEnd().toInstant();
    assertThat(stepDue).isAfter(clock.instant().plus(Duration.ofDays(4)));

    // when the clock passes the due time: the first rung is announced
    clock.set(stepDue.plusSeconds(60));
    ReferralOverdue nudge = awaitOverdue(taskId, OverdueRung.NUDGE);
    assertThat(nudge.getStep()).isEqualTo("accept");
    assertThat(nudge.getDueAt()).isEqualTo(stepDue);
    assertThat(nudge.getStepDueAt()).isEqualTo(stepDue);
    assertThat(nudge.getEnvelope().getOccurredAt()).isEqualTo(clock.instant());

    // and the router nudges the owner, arming the escalation
    Instant escalateAt = nudge.getEnvelope().getOccurredAt().plus(ESCALATE_AFTER);
    decide(nudge, RoutingAction.NUDGE_OWNER, OverdueRung.ESCALATE, escalateAt);
    await()
        .atMost(WAIT)
        .until(() -> adapter.ledger().count("sla_ladder", "task_id = ?", taskId) == 1);

    // then nothing more until the escalation falls due
    long scans = watch().completedScans();
    await().atMost(WAIT).until(() -> watch().completedScans() >= scans + 3);
    assertThat(overdue(taskId)).hasSize(1);

    // when it does: the second rung, and the router escalates to the hub, arming the return
    clock.set(escalateAt.plusSeconds(60));
    ReferralOverdue escalate = awaitOverdue(taskId, OverdueRung.ESCALATE);
    assertThat(escalate.getDueAt()).isEqualTo(escalateAt);
    assertThat(escalate.getStepDueAt()).isEqualTo(stepDue);
    Instant returnAt = escalate.getEnvelope().getOccurredAt().plus(AUTO_RETURN_AFTER);
    decide(escalate, RoutingAction.ESCALATE_TO_HUB, OverdueRung.RETURN, returnAt);

    // and when the return falls due: the last rung, and the router returns it to the referrer
    clock.set(returnAt.plusSeconds(60));
    ReferralOverdue last = awaitOverdue(taskId, OverdueRung.RETURN);
    RoutingDecisionMade returned = decide(last, RoutingAction.RETURN_TO_REFERRER, null, null);

    // then Pathway's own Task is rejected with the coded reason, read over HTTP by the GP
    await().atMost(WAIT).until(() -> read(practice, taskId).getStatus() == TaskStatus.REJECTED);
    Task rejected = read(practice, taskId);
    var reason = rejected.getStatusReason().getCodingFirstRep();
    assertThat(reason.getSystem()).isEqualTo(CodeSystems.TASK_STATUS_REASON);
    assertThat(reason.getCode()).isEqualTo(CodeSystems.RETURNED_NO_RESPONSE);

    // and the change is announced for the GP feedback: rejected, with the reason the GP is shown
    String decisionId = returned.getEnvelope().getEventId().toString();
    TaskStatusChanged change =
        events
            .awaitEvents(
                seen ->
                    seen.stream()
                        .anyMatch(
                            e ->
                                e instanceof TaskStatusChanged c
                                    && decisionId.equals(c.getEnvelope().getCausationId())),
                WAIT)
            .stream()
            .filter(TaskStatusChanged.class::isInstance)
            .map(TaskStatusChanged.class::cast)
            .filter(c -> decisionId.equals(c.getEnvelope().getCausationId()))
            .findFirst()
            .orElseThrow();
    assertThat(change.getTaskId()).isEqualTo(taskId);
    assertThat(change.getEnvelope().getReferralId()).isEqualTo(referralId);
    assertThat(change.getPreviousStatus()).isEqualTo(org.pathway.events.avro.TaskStatus.REQUESTED);
    assertThat(change.getStatus()).isEqualTo(org.pathway.events.avro.TaskStatus.REJECTED);
    assertThat(change.getStatusReason().getCode()).isEqualTo(CodeSystems.RETURNED_NO_RESPONSE);
    assertThat(change.getStatusReason().getDisplay())
        .isEqualTo("Returned: no response within the agreed time");

    // and the ladder has ended: the clock moving on announces nothing more
    clock.set(returnAt.plus(Duration.ofDays(30)));
    long after = watch().completedScans();
    await().atMost(WAIT).until(() -> watch().completedScans() >= after + 3);
    assertThat(overdue(taskId)).hasSize(3);
    assertThat(adapter.ledger().count("sla_ladder", "task_id = ?", taskId)).isZero();
  }

  @Test
  void aStepThatMovesOnDisarmsItsLadderAndStartsTheNextStepsClock() {
    // given a referral nudged for not being accepted, its escalation armed
    clock.set(Instant.now());
    Task task = newReferralTask();
    String taskId = task.getIdElement().getIdPart();
    Instant stepDue = task.getRestriction().getPeriod().getEnd().toInstant();
    clock.set(stepDue.plusSeconds(60));
    ReferralOverdue nudge = awaitOverdue(taskId, OverdueRung.NUDGE);
    Instant escalateAt = nudge.getEnvelope().getOccurredAt().plus(ESCALATE_AFTER);
    decide(nudge, RoutingAction.NUDGE_OWNER, OverdueRung.ESCALATE, escalateAt);
    await()
        .atMost(WAIT)
        .until(() -> adapter.ledger().count("sla_ladder", "task_id = ?", taskId) == 1);

    // when the link worker accepts it
    Task accepted = read(linkWorker, taskId).copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    Task stored =
        (Task)
            linkWorker
                .update()
                .resource(accepted)
                .withId(accepted.getIdElement())
                .execute()
                .getResource();

    // then the first-contact step has a due time of its own, days after the acceptance
    Instant firstContactDue = stored.getRestriction().getPeriod().getEnd().toInstant();
    assertThat(firstContactDue).isAfter(Instant.now().plus(Duration.ofDays(4)));

    // and when the escalation's time comes, nothing is escalated: the ladder was disarmed
    clock.set(escalateAt.plusSeconds(60));
    long scans = watch().completedScans();
    await().atMost(WAIT).until(() -> watch().completedScans() >= scans + 3);
    assertThat(overdue(taskId)).noneMatch(e -> e.getRung() == OverdueRung.ESCALATE);

    // and the new step climbs its own ladder from its own due time
    clock.set(firstContactDue.plusSeconds(60));
    ReferralOverdue late = awaitOverdue(taskId, OverdueRung.NUDGE, firstContactDue);
    assertThat(late.getStep()).isEqualTo("first-contact");
    assertThat(late.getStatus()).isEqualTo(org.pathway.events.avro.TaskStatus.ACCEPTED);
  }

  @Test
  void aClosedReferralPastItsRetentionPeriodIsPurgedAndThePurgeRecorded() throws Exception {
    // given a referral the link-worker service declined (closed) and one still open
    clock.set(Instant.now());
    Task closed = newReferralTask();
    String closedTask = closed.getIdElement().getIdPart();
    String closedReferral = closed.getFocus().getReferenceElement().getIdPart();
    assertThat(adapter.ledger().count("fhir_resource", "referral_id = ?", closedReferral))
        .isPositive();
    Task decline = read(linkWorker, closedTask);
    decline.setStatus(TaskStatus.REJECTED);
    decline.setStatusReason(
        new CodeableConcept(new Coding(CodeSystems.DECLINE_REASON, "no-capacity", null)));
    linkWorker.update().resource(decline).withId(decline.getIdElement()).execute();
    Task open = newReferralTask();
    String openTask = open.getIdElement().getIdPart();
    assertThat(adapter.ledger().count("task_version", "id = ?", closedTask)).isEqualTo(2);

    // when the job runs a day before the referral's 8 years are up: nothing of it goes
    RetentionSchedule job = adapter.context().getBean(RetentionSchedule.class);
    try {
      clock.set(Instant.now().plus(Duration.ofDays(2922 - 1)));
      assertThat(job.runOnce()).containsEntry(RetentionKind.REFERRAL_HISTORY, 0);
      assertThat(adapter.ledger().count("referral", "id = ?", closedReferral)).isEqualTo(1);

      // when it runs once they are up (every event about the referral already announced)
      await()
          .atMost(WAIT)
          .until(
              () ->
                  adapter
                          .ledger()
                          .count(
                              "outbox",
                              "referral_id = ? AND seq IN (SELECT seq FROM outbox_pending)",
                              closedReferral)
                      == 0);
      long announced = announcedAbout(closedReferral);
      clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(2922 + 1)));
      Instant ranAt = clock.instant();
      Map<RetentionKind, Integer> purged = job.runOnce();

      // then the closed referral is gone: its Task, history, provenance and FHIR resources
      assertThat(purged.get(RetentionKind.REFERRAL_HISTORY)).isGreaterThanOrEqualTo(1);
      assertThat(adapter.ledger().count("referral", "root_referral_id = ?", closedReferral))
          .isZero();
      assertThat(adapter.ledger().count("task", "id = ?", closedTask)).isZero();
      assertThat(adapter.ledger().count("task_version", "id = ?", closedTask)).isZero();
      assertThat(adapter.ledger().count("provenance", "task_id = ?", closedTask)).isZero();
      assertThat(adapter.ledger().count("fhir_resource", "referral_id = ?", closedReferral))
          .isZero();
      assertThat(adapter.ledger().count("outbox", "referral_id = ?", closedReferral)).isZero();
      assertThat(
              catchThrowable(
                  () -> practice.read().resource(Task.class).withId(closedTask).execute()))
          .isInstanceOf(ResourceNotFoundException.class);

      // and the open referral is kept whole
      assertThat(read(practice, openTask).getStatus()).isEqualTo(TaskStatus.REQUESTED);

      // and the purge is recorded: kind, count, cutoff and time, naming no referral
      try (Connection c = db.connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT purged, cutoff, purged_at FROM retention_purge"
                      + " WHERE kind = 'referral-history' ORDER BY id DESC LIMIT 1")) {
        ResultSet rs = ps.executeQuery();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(purged.get(RetentionKind.REFERRAL_HISTORY));
        assertThat(rs.getObject(2, OffsetDateTime.class).toInstant())
            .isEqualTo(ranAt.minus(Duration.ofDays(2922)));
        assertThat(rs.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(ranAt);
      }

      // and the purge says nothing on Kafka about the referral, so reporting's journey of it (and
      // its figures) stay as they were: a referral made after the purge is announced, and still
      // nothing more about the purged one
      Task later = newReferralTask();
      String laterReferral = later.getFocus().getReferenceElement().getIdPart();
      events.awaitRecords(recs -> recs.stream().anyMatch(r -> laterReferral.equals(r.key())), WAIT);
      assertThat(announcedAbout(closedReferral)).isEqualTo(announced).isPositive();

      // and a second run (or a second instance) finds nothing more to purge
      assertThat(job.runOnce()).containsEntry(RetentionKind.REFERRAL_HISTORY, 0);
      assertThat(adapter.ledger().count("retention_purge", "kind = 'referral-history'"))
          .isEqualTo(1);
    } finally {
      clock.set(Instant.now());
    }
  }

  /** Records on the referral events topic, read to its end now, keyed by {@code referralId}. */
  private static long announcedAbout(String referralId) {
    return events.toEnd().stream().filter(r -> referralId.equals(r.key())).count();
  }

  private static SlaWatch watch() {
    return adapter.context().getBean(SlaWatch.class);
  }

  private static Task read(IGenericClient as, String taskId) {
    return as.read().resource(Task.class).withId(taskId).execute();
  }

  private static Task newReferralTask() {
    return Referrals.refer(practice, Fixtures.referral("A81001", "HealthcareService/lw-city"));
  }

  private static List<ReferralOverdue> overdue(String taskId) {
    return events.events(ReferralOverdue.class).stream()
        .filter(e -> e.getTaskId().equals(taskId))
        .toList();
  }

  private static ReferralOverdue awaitOverdue(String taskId, OverdueRung rung) {
    return awaitOverdue(taskId, rung, null);
  }

  private static ReferralOverdue awaitOverdue(String taskId, OverdueRung rung, Instant stepDue) {
    events.awaitEvents(
        seen -> overdue(taskId).stream().anyMatch(e -> matches(e, rung, stepDue)), WAIT);
    List<ReferralOverdue> found =
        overdue(taskId).stream().filter(e -> matches(e, rung, stepDue)).toList();
    assertThat(found).as("one %s rung announced for %s", rung, taskId).hasSize(1);
    return found.get(0);
  }

  private static boolean matches(ReferralOverdue e, OverdueRung rung, Instant stepDue) {
    return e.getRung() == rung && (stepDue == null || stepDue.equals(e.getStepDueAt()));
  }

  /** The decision the router makes on {@code overdue}, published as the router publishes it. */
  private static RoutingDecisionMade decide(
      ReferralOverdue overdue, RoutingAction action, OverdueRung next, Instant nextAt) {
    EventEnvelope cause = overdue.getEnvelope();
    RoutingDecisionMade decision =
        RoutingDecisionMade.newBuilder()
            .setEnvelope(
                EventEnvelope.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setOccurredAt(clock.instant())
                    .setReferralId(cause.getReferralId())
                    .setCorrelationId(cause.getCorrelationId())
                    .setCausationId(cause.getEventId().toString())
                    .setProducer("router")
                    .build())
            .setTaskId(overdue.getTaskId())
            .setAction(action)
            .setRuleId(action.name().toLowerCase())
            .setCapacity(CapacityStatus.UNKNOWN)
            .setExplanation("as EscalationPolicy decides")
            .setCausedByEventType(ReferralOverdue.getClassSchema().getFullName())
            .setNextRung(next)
            .setNextRungDueAt(nextAt)
            .build();
    try {
      router
          .send(
              new ProducerRecord<>(
                  Topics.ROUTING_DECISIONS.name(), cause.getReferralId(), decision))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return decision;
  }
}
