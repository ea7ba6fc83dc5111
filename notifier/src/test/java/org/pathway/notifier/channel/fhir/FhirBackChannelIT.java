package org.pathway.notifier.channel.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.gp.GpFhirServer;
import org.pathway.testsupport.gp.GpFhirServer.Mode;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The GP back-channel against a real HAPI FHIR server that goes down, then hangs, then recovers.
 */
class FhirBackChannelIT {

  private static final Duration WAIT = Duration.ofSeconds(120);

  static TestKafka kafka;
  static GpFhirServer gp;
  static TestDatabase db;
  static EmbeddedServer app;
  static TopicTail receipts;

  @BeforeAll
  static void start() throws Exception {
    kafka = new TestKafka();
    gp = GpFhirServer.start();
    db = TestDatabase.create("notifier");
    Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
    p.put("pathway.smtp.port", 1);
    p.put("pathway.fhir.timeout", "1s");
    app = NotifierApp.start(p);
    receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name());
  }

  @AfterAll
  static void stop() throws Exception {
    receipts.close();
    app.close();
    db.close();
    gp.close();
    kafka.close();
  }

  private static NotificationRequested toGp(
      String referral, String template, Map<String, String> fields) {
    return Requests.request(
        referral,
        Audience.GP,
        Channel.FHIR,
        gp.baseUrl(),
        null,
        "task-" + referral,
        template,
        fields);
  }

  @Test
  void deliversEverythingQueuedDuringAnOutageOnceAndInOrderAfterRecovery() throws Exception {
    String a = "ref-gp-a-" + UUID.randomUUID();
    String b = "ref-gp-b-" + UUID.randomUUID();
    gp.seedTask("task-" + a);
    gp.seedTask("task-" + b);
    gp.mode(Mode.UNAVAILABLE);

    List<NotificationRequested> forA =
        List.of(
            toGp(
                a,
                "gp-status-update",
                Map.of(
                    "personName",
                    "Ann",
                    "taskStatus",
                    "accepted",
                    "businessStatus",
                    "acknowledged")),
            toGp(
                a,
                "gp-status-update",
                Map.of(
                    "personName",
                    "Ann",
                    "taskStatus",
                    "in-progress",
                    "businessStatus",
                    "first-conversation-held")),
            toGp(
                a,
                "gp-outcome",
                Map.of(
                    "personName",
                    "Ann",
                    "nhsNumber",
                    "9434765919",
                    "taskStatus",
                    "completed",
                    "businessStatus",
                    "completed-goals-met",
                    "outcomeSummary",
                    "joined a walking group",
                    "outcomes",
                    "SWEMWBS entry 19; SWEMWBS exit 24")));
    List<NotificationRequested> forB =
        List.of(
            toGp(b, "gp-status-update", Map.of("personName", "Bo", "taskStatus", "accepted")),
            toGp(
                b,
                "gp-status-update",
                Map.of(
                    "personName", "Bo", "taskStatus", "rejected", "statusReason", "moved away")));
    List<NotificationRequested> all = new ArrayList<>(forA);
    all.addAll(forB);
    for (NotificationRequested r : all) {
      Requests.send(kafka.router, r);
    }

    await().atMost(WAIT).until(() -> gp.refusedCount() >= 4);
    gp.mode(Mode.HANGING);
    await().atMost(WAIT).until(() -> gp.hungCount() >= 2);
    assertThat(gp.communications()).isEmpty();
    gp.mode(Mode.UP);

    List<String> ids = all.stream().map(r -> r.getNotificationId().toString()).toList();
    List<SpecificRecord> got =
        receipts.awaitEvents(
            evs ->
                evs.stream()
                    .filter(e -> e instanceof NotificationDelivered)
                    .map(e -> ((NotificationDelivered) e).getNotificationId().toString())
                    .toList()
                    .containsAll(ids),
            WAIT);
    List<NotificationDelivered> delivered =
        got.stream()
            .filter(
                e ->
                    e instanceof NotificationDelivered d
                        && ids.contains(d.getNotificationId().toString()))
            .map(e -> (NotificationDelivered) e)
            .toList();
    assertThat(delivered).hasSize(all.size());
    assertThat(delivered).allMatch(d -> d.getProviderReference().startsWith("Communication/"));
    assertThat(delivered).allMatch(d -> !d.getResentInDoubt());
    assertThat(delivered.stream().mapToInt(NotificationDelivered::getAttempts).max().orElse(0))
        .isGreaterThan(1);

    // Once: one Communication per notification, none twice.
    List<String> communicated =
        gp.communications().stream().map(c -> c.getIdentifierFirstRep().getValue()).toList();
    assertThat(communicated).containsExactlyInAnyOrderElementsOf(ids);
    // In order per referral.
    assertThat(communicated.stream().filter(id -> idsOf(forA).contains(id)))
        .containsExactlyElementsOf(idsOf(forA));
    assertThat(communicated.stream().filter(id -> idsOf(forB).contains(id)))
        .containsExactlyElementsOf(idsOf(forB));

    Task taskA = gp.task("task-" + a);
    assertThat(taskA.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(taskA.getBusinessStatus().getCodingFirstRep().getCode())
        .isEqualTo("completed-goals-met");
    assertThat(taskA.getIdElement().getVersionIdPart()).isEqualTo("4");
    Task taskB = gp.task("task-" + b);
    assertThat(taskB.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(taskB.getStatusReason().getText()).isEqualTo("moved away");

    String outcomeId = forA.get(2).getNotificationId().toString();
    List<Observation> obs =
        gp.observations().stream()
            .filter(o -> o.getIdentifierFirstRep().getValue().startsWith(outcomeId))
            .toList();
    assertThat(obs).hasSize(2);
    assertThat(obs.get(1).getValueQuantity().getValue().intValue()).isEqualTo(24);
    assertThat(obs)
        .allSatisfy(
            o ->
                assertThat(o.getCode().getCodingFirstRep().getSystem())
                    .isEqualTo(CodeSystems.WELLBEING_INSTRUMENT));
    Communication outcome =
        gp.communications().stream()
            .filter(c -> c.getIdentifierFirstRep().getValue().equals(outcomeId))
            .findFirst()
            .orElseThrow();
    assertThat(outcome.getBasedOnFirstRep().getReference()).isEqualTo("Task/task-" + a);
    assertThat(outcome.getPayload()).hasSize(3);
    assertThat(outcome.getPayloadFirstRep().getContentStringType().getValue())
        .contains("joined a walking group")
        .contains("for Ann (NHS 9434765919")
        .contains("Wellbeing scores: SWEMWBS entry 19; SWEMWBS exit 24");
  }

  private static List<String> idsOf(List<NotificationRequested> rs) {
    return rs.stream().map(r -> r.getNotificationId().toString()).toList();
  }
}
