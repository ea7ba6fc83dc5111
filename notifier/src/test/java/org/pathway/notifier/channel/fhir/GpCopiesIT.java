package org.pathway.notifier.channel.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
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
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.gp.GpFhirServer;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The GP's copies against a real HAPI FHIR server acting as the GP system: the Task copy names the
 * patient and the GP's own referral, the Observations their patient and when each score was taken,
 * and the receipt the Task the notification concerned.
 */
class GpCopiesIT {

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
  void theGpsCopiesNameThePatientTheirReferralAndWhenEachScoreWasTaken() {
    String referral = "ref-gp-copies-" + UUID.randomUUID();
    gp.seedTask("task-" + referral);
    NotificationRequested outcome =
        toGp(
            referral,
            "gp-outcome",
            Map.of(
                "personName",
                "Cy",
                "nhsNumber",
                "9434765919",
                "referralIdentifier",
                "https://fhir.example-gp.nhs.uk/Id/referral|REF-" + referral,
                "taskStatus",
                "completed",
                "businessStatus",
                "completed-goals-met",
                "outcomes",
                "SWEMWBS entry 19 at 2026-09-01T09:30:00Z; SWEMWBS exit 24 at 2026-11-20T14:00:00Z"));

    Requests.send(kafka.router, outcome);

    String id = outcome.getNotificationId().toString();
    List<SpecificRecord> got =
        receipts.awaitEvents(
            evs ->
                evs.stream()
                    .anyMatch(
                        e ->
                            e instanceof NotificationDelivered d
                                && d.getNotificationId().toString().equals(id)),
            WAIT);
    // the receipt names the Task the notification concerned, for the ledger to file it under
    NotificationDelivered receipt =
        got.stream()
            .filter(
                e ->
                    e instanceof NotificationDelivered d
                        && d.getNotificationId().toString().equals(id))
            .map(NotificationDelivered.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(receipt.getTaskId()).isEqualTo("task-" + referral);

    // the GP's Task copy is for the patient by NHS number and focused on the GP's own referral
    Task atGp = gp.task("task-" + referral);
    assertThat(atGp.getFor().getIdentifier().getSystem())
        .isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
    assertThat(atGp.getFor().getIdentifier().getValue()).isEqualTo("9434765919");
    assertThat(atGp.getFocus().getType()).isEqualTo("ServiceRequest");
    assertThat(atGp.getFocus().getIdentifier().getValue()).isEqualTo("REF-" + referral);
    // and each Observation is about that patient, effective when the score was taken
    List<Observation> obs =
        gp.observations().stream()
            .filter(o -> o.getIdentifierFirstRep().getValue().startsWith(id))
            .toList();
    assertThat(obs)
        .extracting(o -> o.getEffectiveDateTimeType().getValue().toInstant().toString())
        .containsExactlyInAnyOrder("2026-09-01T09:30:00Z", "2026-11-20T14:00:00Z");
    assertThat(obs)
        .allSatisfy(
            o -> assertThat(o.getSubject().getIdentifier().getValue()).isEqualTo("9434765919"));
  }
}
