package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.ConsentParty;
import org.pathway.events.avro.ConsentState;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Referrals;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The smaller breaks of the loop, over HTTP and Kafka against real PostgreSQL: an onward hop keeps
 * the GP's correlation id, a receipt is filed under the Task its notification concerned, and the
 * referring practice's PCN comes from the directory (the test feed puts A81001 in PCN U12345).
 */
class OnwardHopIT {

  private static final String CORRELATION = "X-Correlation-ID";
  private static final Duration WAIT = Duration.ofSeconds(60);

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static IGenericClient practice;
  static IGenericClient linkWorker;
  static KafkaProducer<String, SpecificRecord> notifier;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    Path feed =
        Path.of(
            OnwardHopIT.class.getClassLoader().getResource("directory/capacity-feed.json").toURI());
    adapter =
        Adapter.start(
            db, kafka.bootstrapServers(), Map.of("pathway.directory.feed", feed.toString()));
    practice = adapter.client("practice-a81001");
    linkWorker = adapter.client("lw-city");
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
  void theOnwardHopCarriesTheGpsCorrelationIdWhateverTheLinkWorkerSystemSent() throws Exception {
    // given a GP referral sent with the GP's correlation id
    String gpCorrelation = "gp-" + UUID.randomUUID();
    Task parent = refer(gpCorrelation);
    String root = parent.getFocus().getReferenceElement().getIdPart();

    // when the link worker's own system refers on under a correlation id of its own
    String linkWorkerCorrelation = "lw-" + UUID.randomUUID();
    var created =
        linkWorker
            .create()
            .resource(
                Fixtures.onward(
                    root, parent.getFor().getReference(), "lw-city", "walking-group-ls6"))
            .withAdditionalHeader(CORRELATION, linkWorkerCorrelation)
            .execute();
    String onwardId = created.getId().getIdPart();

    // then the child Task carries the GP's correlation id as its group identifier
    Task child = childOf(parent);
    assertThat(child.getFocus().getReference()).isEqualTo("ServiceRequest/" + onwardId);
    assertThat(child.getGroupIdentifier().getValue()).isEqualTo(gpCorrelation);
    // and so does its event, in the envelope and the X-Correlation-ID header
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      ConsumerRecord<String, SpecificRecord> onward =
          events.until(rs -> rs.stream().anyMatch(r -> isOnward(r, onwardId)), WAIT).stream()
              .filter(r -> isOnward(r, onwardId))
              .findFirst()
              .orElseThrow();
      assertThat(((OnwardReferralCreated) onward.value()).getEnvelope().getCorrelationId())
          .isEqualTo(gpCorrelation);
      assertThat(TopicTail.header(onward, CORRELATION)).contains(gpCorrelation);
    }
  }

  @Test
  void aReceiptIsFiledUnderTheTaskItsNotificationConcerned() {
    // given a referral referred on to a group
    Task parent = referredOn();
    String root = parent.getFocus().getReferenceElement().getIdPart();
    String childId = childOf(parent).getIdElement().getIdPart();
    String parentId = parent.getIdElement().getIdPart();

    // when the notifier reports the facilitator's notice delivered and a second one failed, both
    // naming the child Task, and an older receipt naming no Task at all
    var toFacilitator =
        NotificationDelivered.newBuilder()
            .setEnvelope(envelope(root))
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.EMAIL)
            .setAttempts(1)
            .setDeliveredAt(Instant.now())
            .setTaskId(childId)
            .build();
    var reminderFailed =
        NotificationFailed.newBuilder()
            .setEnvelope(envelope(root))
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.SMS)
            .setAttempts(List.of())
            .setReason("number unreachable")
            .setDeadLetterTopic(Topics.NOTIFIER_DEAD_LETTERS.name())
            .setTaskId(childId)
            .build();
    var older =
        NotificationDelivered.newBuilder()
            .setEnvelope(envelope(root))
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.EMAIL)
            .setAttempts(1)
            .setDeliveredAt(Instant.now())
            .build();
    send(root, toFacilitator);
    send(root, reminderFailed);
    send(root, older);

    // then the facilitator's receipts are Communications part of the child Task, about the group's
    // ServiceRequest; the older one stays with the referral's first Task
    await().atMost(WAIT).until(() -> adapter.ledger().communicationsOf(root).size() == 3);
    Map<String, String> taskOf =
        adapter.ledger().communicationsOf(root).stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    c -> c.getIdentifierFirstRep().getValue(),
                    c -> c.getPartOfFirstRep().getReference()));
    assertThat(taskOf)
        .containsEntry(toFacilitator.getNotificationId().toString(), "Task/" + childId)
        .containsEntry(reminderFailed.getNotificationId().toString(), "Task/" + childId)
        .containsEntry(older.getNotificationId().toString(), "Task/" + parentId);
    Communication filed =
        adapter.ledger().communicationsOf(root).stream()
            .filter(
                c ->
                    c.getIdentifierFirstRep()
                        .getValue()
                        .equals(toFacilitator.getNotificationId().toString()))
            .findFirst()
            .orElseThrow();
    assertThat(filed.getBasedOnFirstRep().getReference())
        .isEqualTo(childOf(parent).getFocus().getReference());
    // and the delivery is the child Task's first business step, not the parent's
    await()
        .atMost(WAIT)
        .until(
            () ->
                "delivered"
                    .equals(
                        linkWorker
                            .read()
                            .resource(Task.class)
                            .withId(childId)
                            .execute()
                            .getBusinessStatus()
                            .getCodingFirstRep()
                            .getCode()));
  }

  @Test
  void theReferringPracticesPcnComesFromTheDirectory() {
    // given practice A81001, which the directory puts in PCN U12345, refers with no PCN of its own
    Task task = refer("gp-" + UUID.randomUUID());
    String referralId = task.getFocus().getReferenceElement().getIdPart();

    // then the ReferralReceived the router triages on names that PCN
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      ReferralReceived received =
          events.until(rs -> rs.stream().anyMatch(r -> isReceived(r, referralId)), WAIT).stream()
              .filter(r -> isReceived(r, referralId))
              .map(r -> (ReferralReceived) r.value())
              .findFirst()
              .orElseThrow();
      assertThat(received.getPracticeOdsCode()).isEqualTo("A81001");
      assertThat(received.getPcnCode()).isEqualTo("U12345");
    }
  }

  @Test
  void theRoutersDecisionConfirmingTheGroupTheLinkWorkerChoseChangesNothing() throws Exception {
    // given a referral referred on to a group the directory lists
    Task parent = referredOn();
    String root = parent.getFocus().getReferenceElement().getIdPart();
    Task child = childOf(parent);
    DirectoryEntry group =
        adapter.context().getBean(Directory.class).byId("walking-group-ls6").orElseThrow();

    // then the group's Task names its owner as the directory does
    assertThat(child.getOwner().getReference()).isEqualTo(group.reference());
    assertThat(child.getOwner().getDisplay()).isEqualTo(group.name());

    // when the router's decision for the onward referral assigns it to that group, as the router
    // names it
    var decision =
        RoutingDecisionMade.newBuilder()
            .setEnvelope(envelope(root))
            .setTaskId(child.getIdElement().getIdPart())
            .setAction(RoutingAction.ASSIGN_OWNER)
            .setTarget(group.toActor())
            .setRuleId("onward-referral")
            .setCapacity(CapacityStatus.CAPACITY)
            .setExplanation("the link worker's choice")
            .setCausedByEventType(OnwardReferralCreated.getClassSchema().getFullName())
            .build();
    notifier.send(new ProducerRecord<>(Topics.ROUTING_DECISIONS.name(), root, decision)).get();
    String eventId = decision.getEnvelope().getEventId().toString();
    await()
        .atMost(WAIT)
        .until(() -> adapter.ledger().count("applied_event", "event_id = ?", eventId) == 1);

    // then it is applied and changes nothing: no new version of the Task, no event caused by it
    Task after = linkWorker.read().resource(Task.class).withId(child.getIdElement()).execute();
    assertThat(after.getMeta().getVersionId()).isEqualTo(child.getMeta().getVersionId());
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      assertThat(events.toEnd())
          .noneMatch(
              r ->
                  r.value() instanceof TaskStatusChanged c
                      && eventId.equals(String.valueOf(c.getEnvelope().getCausationId())));
    }
  }

  @Test
  void anOnwardReferralIsRefusedWhenThePersonsConsentDeniesSharingWithGroups() {
    // given a referral whose Consent permits, with a nested deny for community groups
    ServiceRequest sr = Fixtures.referral("A81001", "HealthcareService/lw-city");
    Consent consent = new Consent();
    consent.setId("consent");
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    consent
        .getProvision()
        .addProvision()
        .setType(Consent.ConsentProvisionType.DENY)
        .addActor()
        .setRole(
            new CodeableConcept(new Coding(CodeSystems.SERVICE_KIND, "community-group", null)));
    sr.addContained(consent);
    sr.addSupportingInfo(new Reference("#consent"));
    String root = practice.create().resource(sr).execute().getId().getIdPart();
    Task parent =
        (Task)
            practice
                .search()
                .forResource(Task.class)
                .where(Task.FOCUS.hasId("ServiceRequest/" + root))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();

    // then its event carries the consent, for the router to apply to every hop
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      ReferralReceived received =
          (ReferralReceived)
              events.until(rs -> rs.stream().anyMatch(r -> isReceived(r, root)), WAIT).stream()
                  .filter(r -> isReceived(r, root))
                  .findFirst()
                  .orElseThrow()
                  .value();
      assertThat(received.getConsent().getState()).isEqualTo(ConsentState.PERMIT);
      assertThat(received.getConsent().getDenied()).containsExactly(ConsentParty.COMMUNITY_GROUP);
    }

    // when the link worker refers the person on to a group
    var onward =
        Fixtures.onward(root, parent.getFor().getReference(), "lw-city", "walking-group-ls6");

    // then it is refused with an OperationOutcome saying why, and no group's Task exists
    assertThatThrownBy(() -> linkWorker.create().resource(onward).execute())
        .isInstanceOfSatisfying(
            UnprocessableEntityException.class,
            e ->
                assertThat(e.getResponseBody())
                    .contains("consent")
                    .contains("community groups")
                    .contains("ServiceRequest.basedOn"));
    assertThat(
            linkWorker
                .search()
                .forResource(Task.class)
                .where(Task.PART_OF.hasId("Task/" + parent.getIdElement().getIdPart()))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry())
        .isEmpty();
  }

  private static Task refer(String correlationId) {
    ServiceRequest sr = Fixtures.referral("A81001", "HealthcareService/lw-city");
    var outcome =
        practice.create().resource(sr).withAdditionalHeader(CORRELATION, correlationId).execute();
    return Referrals.taskOpenedBy(practice, outcome.getId());
  }

  /** A GP referral's Task, once the link worker has referred the person on to the LS6 group. */
  private static Task referredOn() {
    Task parent = refer("gp-" + UUID.randomUUID());
    String root = parent.getFocus().getReferenceElement().getIdPart();
    linkWorker
        .create()
        .resource(
            Fixtures.onward(root, parent.getFor().getReference(), "lw-city", "walking-group-ls6"))
        .execute();
    return parent;
  }

  private static Task childOf(Task parent) {
    return linkWorker
        .search()
        .forResource(Task.class)
        .where(Task.PART_OF.hasId("Task/" + parent.getIdElement().getIdPart()))
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .stream()
        .map(e -> (Task) e.getResource())
        .findFirst()
        .orElseThrow();
  }

  private static boolean isOnward(ConsumerRecord<String, SpecificRecord> r, String onwardId) {
    return r.value() instanceof OnwardReferralCreated o && o.getServiceRequestId().equals(onwardId);
  }

  private static boolean isReceived(ConsumerRecord<String, SpecificRecord> r, String referralId) {
    return r.value() instanceof ReferralReceived e && e.getServiceRequestId().equals(referralId);
  }

  private static EventEnvelope envelope(String referralId) {
    return EventEnvelope.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(Instant.now())
        .setReferralId(referralId)
        .setCorrelationId("corr-" + referralId)
        .setProducer("notifier")
        .build();
  }

  private static void send(String key, SpecificRecord event) {
    try {
      notifier.send(new ProducerRecord<>(Topics.NOTIFICATION_RECEIPTS.name(), key, event)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
