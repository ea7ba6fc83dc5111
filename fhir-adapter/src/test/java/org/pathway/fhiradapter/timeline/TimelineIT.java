package org.pathway.fhiradapter.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Communication.CommunicationStatus;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkHeaders;
import org.pathway.access.links.LinkPurpose;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.AppliedEvents;
import org.pathway.fhiradapter.ledger.InteractionLog;
import org.pathway.fhiradapter.ledger.LedgerTransactions;
import org.pathway.fhiradapter.ledger.RequestContext;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Links;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * "Where is my referral?" over HTTP, on real Kafka and PostgreSQL: after a referral, a delivery
 * receipt and an acceptance, the referrer reads the Communications based on its ServiceRequest and
 * the Provenance of its Task; another practice finds nothing and reads nothing; a group sees its
 * own Task's records without their content; the portal reaches only the link's Task's.
 */
class TimelineIT {

  static final String PRACTICE_A = "practice-a81001";
  static final String PRACTICE_B = "practice-b82002";

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static KafkaProducer<String, SpecificRecord> notifier;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter = Adapter.start(db, kafka.bootstrapServers());
    notifier =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new EventSerializer());
  }

  @AfterAll
  static void stop() {
    if (notifier != null) {
      notifier.close();
    }
    if (adapter != null) {
      adapter.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void referrerFollowsItsReferralAndAnotherPracticeFindsNothing() throws Exception {
    // given practice A's referral to lw-city
    Task task = referral();
    String taskId = task.getIdElement().getIdPart();
    String srId = task.getFocus().getReferenceElement().getIdPart();
    // and the notifier's receipt for the link worker's email, through Kafka
    deliver(srId, Instant.parse("2026-12-01T09:00:00Z"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> read(PRACTICE_A, "/Task/" + taskId, Task.class).hasBusinessStatus());
    // and the link worker's acceptance
    Task current = read("lw-city", "/Task/" + taskId, Task.class);
    current.setStatus(TaskStatus.ACCEPTED);
    var accepted = as("lw-city").put("/Task/" + taskId, current, current.getMeta().getVersionId());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    String acceptedVersion = Api.parse(Task.class, accepted).getMeta().getVersionId();

    // when the practice asks for the messages about its referral
    Bundle messages = search(PRACTICE_A, "/Communication?based-on=ServiceRequest/" + srId);

    // then it finds the delivery, part of its Task, based on its ServiceRequest
    assertThat(messages.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(messages.getTotal()).isEqualTo(1);
    Communication sent = (Communication) messages.getEntryFirstRep().getResource();
    assertThat(sent.getStatus()).isEqualTo(CommunicationStatus.COMPLETED);
    assertThat(sent.getPartOfFirstRep().getReference()).isEqualTo("Task/" + taskId);
    assertThat(sent.getBasedOnFirstRep().getReference()).isEqualTo("ServiceRequest/" + srId);
    assertThat(sent.getSent())
        .isEqualTo(java.util.Date.from(Instant.parse("2026-12-01T09:00:00Z")));
    assertThat(sent.getPayloadFirstRep().getContentStringType().getValue())
        .contains("delivered by EMAIL");
    assertThat(search(PRACTICE_A, "/Communication?part-of=Task/" + taskId).getTotal()).isEqualTo(1);
    String commId = sent.getIdElement().getIdPart();
    assertThat(as(PRACTICE_A).get("/Communication/" + commId).statusCode()).isEqualTo(200);

    // and every status change of its Task, oldest first, with who made it
    Bundle changes = search(PRACTICE_A, "/Provenance?target=Task/" + taskId);
    assertThat(changes.getTotal()).isEqualTo(2);
    Provenance created = (Provenance) changes.getEntry().get(0).getResource();
    Provenance accept = (Provenance) changes.getEntry().get(1).getResource();
    assertThat(created.getTarget())
        .extracting(r -> r.getReference())
        .containsExactly("Task/" + taskId + "/_history/1", "ServiceRequest/" + srId);
    assertThat(created.getActivity().getCoding())
        .anySatisfy(c -> assertThat(c.getCode()).isEqualTo("requested"));
    assertThat(created.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("A81001");
    assertThat(accept.getTargetFirstRep().getReference())
        .isEqualTo("Task/" + taskId + "/_history/" + acceptedVersion);
    assertThat(accept.getActivity().getCoding())
        .anySatisfy(c -> assertThat(c.getCode()).isEqualTo("accepted"));
    assertThat(accept.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("lw-city");
    assertThat(accept.getRecorded()).isAfterOrEqualTo(created.getRecorded());
    String acceptId = accept.getIdElement().getIdPart();
    assertThat(
            read(PRACTICE_A, "/Provenance/" + acceptId, Provenance.class).getActivity().getText())
        .isEqualTo("requested to accepted");
    assertThat(search(PRACTICE_A, "/Provenance?target=ServiceRequest/" + srId).getEntry())
        .extracting(e -> e.getResource().getIdElement().getIdPart())
        .containsExactly(created.getIdElement().getIdPart());

    // and another practice finds nothing and reads nothing of it
    assertThat(search(PRACTICE_B, "/Communication?based-on=ServiceRequest/" + srId).getTotal())
        .isZero();
    assertThat(search(PRACTICE_B, "/Provenance?target=Task/" + taskId).getTotal()).isZero();
    assertThat(search(PRACTICE_B, "/Communication").getEntry())
        .noneMatch(e -> e.getResource().getIdElement().getIdPart().equals(commId));
    assertThat(as(PRACTICE_B).get("/Communication/" + commId).statusCode()).isEqualTo(404);
    assertThat(as(PRACTICE_B).get("/Provenance/" + acceptId).statusCode()).isEqualTo(404);
  }

  @Test
  void countLimitsTheEntriesAndTotalCountsEveryMatchSortedBySent() throws Exception {
    Task task = referral();
    String srId = task.getFocus().getReferenceElement().getIdPart();
    deliver(srId, Instant.parse("2026-12-01T10:00:00Z"));
    deliver(srId, Instant.parse("2026-12-01T08:00:00Z"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                search(PRACTICE_A, "/Communication?based-on=ServiceRequest/" + srId).getTotal()
                    == 2);

    Bundle oldest = search(PRACTICE_A, "/Communication?based-on=ServiceRequest/" + srId);
    assertThat(sentTimes(oldest)).containsExactly("2026-12-01T08:00:00Z", "2026-12-01T10:00:00Z");
    Bundle newest =
        search(PRACTICE_A, "/Communication?based-on=ServiceRequest/" + srId + "&_sort=-sent");
    assertThat(sentTimes(newest)).containsExactly("2026-12-01T10:00:00Z", "2026-12-01T08:00:00Z");
    Bundle page =
        search(PRACTICE_A, "/Communication?based-on=ServiceRequest/" + srId + "&_count=1");
    assertThat(page.getEntry()).hasSize(1);
    assertThat(page.getTotal()).isEqualTo(2);
    assertThat(sentTimes(page)).containsExactly("2026-12-01T08:00:00Z");
    // the next link leads to the other one alone (it answered both again), and no further
    String next = page.getLink(Bundle.LINK_NEXT).getUrl();
    Bundle second = search(PRACTICE_A, next.substring(next.indexOf("/Communication?")));
    assertThat(sentTimes(second)).containsExactly("2026-12-01T10:00:00Z");
    assertThat(second.getLink(Bundle.LINK_NEXT)).isNull();
    var badSort =
        as(PRACTICE_A).get("/Communication?based-on=ServiceRequest/" + srId + "&_sort=status");
    assertThat(badSort.statusCode()).isEqualTo(400);
    assertThat(Api.outcome(badSort).getIssueFirstRep().getDiagnostics()).contains("sent");
  }

  @Test
  void groupSeesItsOwnTasksRecordsWithoutTheirContent() throws Exception {
    // given practice A's referral, accepted by lw-city and referred on to the LS6 walking group
    Task parent = referral();
    String parentId = parent.getIdElement().getIdPart();
    String srId = parent.getFocus().getReferenceElement().getIdPart();
    Task accepted = parent.copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    assertThat(as("lw-city").put("/Task/" + parentId, accepted, "1").statusCode()).isEqualTo(200);
    var onward =
        as("lw-city")
            .post(
                "/ServiceRequest",
                Fixtures.onward(
                    srId, parent.getFor().getReference(), "lw-city", "walking-group-ls6"));
    assertThat(onward.statusCode()).as(onward.body()).isEqualTo(201);
    Bundle children = search("lw-city", "/Task?part-of=Task/" + parentId);
    Task child = (Task) children.getEntryFirstRep().getResource();
    String childId = child.getIdElement().getIdPart();
    // and a message about the child Task whose payload says something clinical
    var message = new Communication();
    message.setStatus(CommunicationStatus.COMPLETED);
    message.setSent(new java.util.Date());
    message.addPayload().setContent(new StringType("low mood since bereavement"));
    try (var batch =
        adapter
            .context()
            .getBean(LedgerTransactions.class)
            .openBatch(false, Duration.ofMinutes(1))) {
      adapter
          .context()
          .getBean(AppliedEvents.class)
          .apply(
              batch,
              UUID.randomUUID().toString(),
              Topics.NOTIFICATION_RECEIPTS.name(),
              srId,
              childId,
              t -> null,
              message,
              new RequestContext(null, "corr-test", "notifier", null));
      batch.commit();
    }
    // and the link worker withdraws the onward referral for a clinical reason
    Task withdraw = read("lw-city", "/Task/" + childId, Task.class);
    withdraw.setStatus(TaskStatus.CANCELLED);
    withdraw.setStatusReason(new CodeableConcept().setText("admitted with chest pain"));
    var cancelled =
        as("lw-city").put("/Task/" + childId, withdraw, withdraw.getMeta().getVersionId());
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

    // then the group sees its Task's changes and messages, never their content
    var groupChanges = as("group-a").get("/Provenance?target=Task/" + childId);
    assertThat(Api.bundle(groupChanges).getTotal()).isEqualTo(2);
    assertThat(groupChanges.body()).doesNotContain("chest pain");
    var groupMessages = as("group-a").get("/Communication?part-of=Task/" + childId);
    assertThat(Api.bundle(groupMessages).getTotal()).isEqualTo(1);
    assertThat(groupMessages.body()).doesNotContain("bereavement", "payload");
    // while the link worker, who may see clinical content, sees both
    assertThat(as("lw-city").get("/Provenance?target=Task/" + childId).body())
        .contains("chest pain");
    assertThat(as("lw-city").get("/Communication?part-of=Task/" + childId).body())
        .contains("bereavement");
    // and nothing of the parent Task, which is not the group's
    assertThat(search("group-a", "/Provenance?target=Task/" + parentId).getTotal()).isZero();
    assertThat(search("group-a", "/Communication?based-on=ServiceRequest/" + srId).getTotal())
        .isZero();
  }

  @Test
  void portalReachesOnlyTheLinksTaskAndAClientWithoutTheScopeIsRefusedAndAudited() {
    Task task = referral();
    String taskId = task.getIdElement().getIdPart();
    Task other = referral();
    String link = Links.link(taskId, "lw-city", LinkPurpose.LINK_WORKER);
    var portal = Api.as(adapter, "portal").with(LinkHeaders.LINK, link);

    var own = portal.get("/Provenance?target=Task/" + taskId);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(Api.bundle(own).getTotal()).isEqualTo(1);
    assertThat(portal.get("/Communication?part-of=Task/" + taskId).statusCode()).isEqualTo(200);
    Links.assertRefused(
        portal.get("/Provenance?target=Task/" + other.getIdElement().getIdPart()), "not-for-this");
    Links.assertRefused(portal.get("/Communication"), "not-for-this");

    // lw-youth is registered without Provenance or Communication scopes
    var refused = as("lw-youth").get("/Provenance?target=Task/" + taskId);
    assertThat(refused.statusCode()).isEqualTo(403);
    var log = adapter.context().getBean(InteractionLog.class);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              log.flush();
              assertThat(
                      adapter
                          .ledger()
                          .count(
                              "audit_event",
                              "kind = 'interaction' AND client_id = 'lw-youth'"
                                  + " AND resource_type = 'Provenance' AND status = 403"))
                  .isEqualTo(1);
            });
  }

  @Test
  void theCapabilityStatementOffersCommunicationAndProvenanceSearches() {
    var res = as(PRACTICE_A).get("/metadata");
    assertThat(res.statusCode()).isEqualTo(200);
    var cs = Api.parse(org.hl7.fhir.r4.model.CapabilityStatement.class, res);
    var resources = cs.getRestFirstRep().getResource();
    assertThat(resources)
        .filteredOn(r -> r.getType().equals("Communication"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getSearchParam())
                    .extracting(p -> p.getName())
                    .contains("based-on", "part-of"));
    assertThat(resources)
        .filteredOn(r -> r.getType().equals("Provenance"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.getSearchParam()).extracting(p -> p.getName()).contains("target"));
  }

  static Api as(String clientId) {
    return Api.as(adapter, clientId);
  }

  static Task referral() {
    var created =
        as(PRACTICE_A)
            .post("/ServiceRequest", Fixtures.referral("A81001", "HealthcareService/lw-city"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String srId = Api.parse(ServiceRequest.class, created).getIdElement().getIdPart();
    Bundle found = search(PRACTICE_A, "/Task?focus=ServiceRequest/" + srId);
    assertThat(found.getEntry()).hasSize(1);
    return (Task) found.getEntryFirstRep().getResource();
  }

  static Bundle search(String clientId, String path) {
    HttpResponse<String> res = as(clientId).get(path);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return Api.bundle(res);
  }

  static <T extends Resource> T read(String clientId, String path, Class<T> type) {
    HttpResponse<String> res = as(clientId).get(path);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return Api.parse(type, res);
  }

  static List<String> sentTimes(Bundle b) {
    return b.getEntry().stream()
        .map(e -> ((Communication) e.getResource()).getSent().toInstant().toString())
        .toList();
  }

  static void deliver(String referralId, Instant at) throws Exception {
    var receipt =
        NotificationDelivered.newBuilder()
            .setEnvelope(
                EventEnvelope.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setOccurredAt(at)
                    .setReferralId(referralId)
                    .setCorrelationId("corr-" + UUID.randomUUID())
                    .setProducer("test")
                    .build())
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.EMAIL)
            .setProviderReference("smtp-250-ok")
            .setAttempts(1)
            .setDeliveredAt(at)
            .build();
    notifier
        .send(new ProducerRecord<>(Topics.NOTIFICATION_RECEIPTS.name(), referralId, receipt))
        .get();
  }
}
