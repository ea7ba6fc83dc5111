package org.pathway.portal.support;

import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.IdentifierSystems;

/**
 * Referrals in the states a page is opened in: sent by the GP practice, routed to the link-worker
 * service {@code lw-city} (a routing decision on Kafka, as the router sends it), accepted, referred
 * on to the group {@code walking-group-ls6}; or routed to the hub {@code hub-city} and passed on.
 */
public final class Referrals implements AutoCloseable {

  /** The link-worker service's organisation (its Task owner). */
  public static final String LINK_WORKER = "lw-city";

  /** The group's organisation (its onward Task's owner). */
  public static final String GROUP = "walking-group-ls6";

  private final Ledger ledger;
  private final KafkaProducer<String, SpecificRecord> producer;

  Referrals(Ledger ledger, String bootstrap) {
    this.ledger = ledger;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new EventSerializer());
  }

  /** The community hub (client and directory entry {@code hub-city}, kind hub). */
  public static final String HUB = "hub-city";

  /** A new referral from the practice, routed to {@code lw-city}: the link worker's Task. */
  public Task routedToLinkWorker() throws Exception {
    return routedTo(LINK_WORKER, ActorKind.LINK_WORKER_SERVICE, "City link workers");
  }

  /**
   * A request routed to the hub, which accepts it and passes it on (from its own system) to the
   * group or street coordinator whose organisation is {@code to}: {@code to}'s Task, a cascade
   * step.
   */
  public Task passedOnByHubTo(String to) throws Exception {
    Task hub = routedTo(HUB, ActorKind.HUB, "City Social Prescribing Hub");
    String hubTaskId = hub.getIdElement().getIdPart();
    Task current = ledger.read(HUB, Task.class, hubTaskId);
    current.setStatus(Task.TaskStatus.ACCEPTED);
    Task accepted = ledger.update(HUB, current);
    ServiceRequest onward = new ServiceRequest();
    onward
        .addIdentifier()
        .setSystem("https://pathway.example.org/Id/portal-it-onward")
        .setValue(UUID.randomUUID().toString());
    onward.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    onward.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    onward
        .getCode()
        .setText("Collect a prescription and drop it round")
        .addCoding(
            new Coding(
                org.pathway.events.vocabulary.CodeSystems.NEED,
                "practical-support",
                "Practical help at home"));
    onward.addBasedOn(new Reference(accepted.getFocus().getReference()));
    onward.setSubject(accepted.getFor().copy());
    onward.setRequester(
        new Reference("HealthcareService/" + HUB)
            .setIdentifier(
                new org.hl7.fhir.r4.model.Identifier()
                    .setSystem(IdentifierSystems.ORGANIZATION)
                    .setValue(HUB)));
    onward.addPerformer(new Reference("HealthcareService/" + to));
    ledger.create(HUB, onward);
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ledger.search(HUB, Task.class, "part-of=Task/" + hubTaskId).stream()
                    .findFirst()
                    .orElse(null),
            t -> t != null);
  }

  /** A new referral from the practice, routed to {@code service} by a routing decision. */
  private Task routedTo(String service, ActorKind kind, String display) throws Exception {
    ServiceRequest sr =
        (ServiceRequest)
            Ledger.FHIR.newJsonParser().parseResource(fixture("r4/referral-servicerequest.json"));
    sr.getIdentifierFirstRep().setValue("PORTAL-IT-" + UUID.randomUUID());
    Resource created = ledger.create("practice-a81001", sr);
    String referralId = created.getIdElement().getIdPart();
    Task task =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    ledger
                        .search("practice-a81001", Task.class, "focus=ServiceRequest/" + referralId)
                        .stream()
                        .findFirst()
                        .orElse(null),
                t -> t != null);
    producer
        .send(
            new ProducerRecord<>(
                Topics.ROUTING_DECISIONS.name(),
                referralId,
                assign(task, referralId, service, kind, display)))
        .get();
    String taskId = task.getIdElement().getIdPart();
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ledger.read("practice-a81001", Task.class, taskId), Task::hasOwner);
  }

  /** A referral accepted by {@code lw-city} and referred on to the group: the group's Task. */
  public Task referredOnToGroup() throws Exception {
    return referredOnTo(GROUP);
  }

  /** As {@link #referredOnToGroup()}, to the group whose organisation is {@code group}. */
  public Task referredOnTo(String group) throws Exception {
    Task lw = routedToLinkWorker();
    String lwTaskId = lw.getIdElement().getIdPart();
    Task current = ledger.read(LINK_WORKER, Task.class, lwTaskId);
    current.setStatus(Task.TaskStatus.ACCEPTED);
    Task accepted = ledger.update(LINK_WORKER, current);
    ServiceRequest onward = new ServiceRequest();
    onward
        .addIdentifier()
        .setSystem("https://pathway.example.org/Id/portal-it-onward")
        .setValue(UUID.randomUUID().toString());
    onward.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    onward.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    onward
        .getCode()
        .setText("Tuesday walk")
        .addCoding(
            new Coding(
                "http://snomed.info/sct",
                "871731000000106",
                "Referral to social prescribing service"));
    onward.addBasedOn(new Reference(accepted.getFocus().getReference()));
    onward.setSubject(accepted.getFor().copy());
    onward.setRequester(
        accepted
            .getOwner()
            .copy()
            .setIdentifier(
                new org.hl7.fhir.r4.model.Identifier()
                    .setSystem(IdentifierSystems.ORGANIZATION)
                    .setValue(LINK_WORKER)));
    onward.addPerformer(new Reference("HealthcareService/" + group));
    ledger.create(LINK_WORKER, onward);
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ledger.search(LINK_WORKER, Task.class, "part-of=Task/" + lwTaskId).stream()
                    .findFirst()
                    .orElse(null),
            t -> t != null);
  }

  /**
   * The receipt the notifier files when {@code task}'s notice reached its recipient, as it sends
   * it; returns the version of the Task the ledger wrote for it (business status delivered), read
   * as {@code client}.
   */
  public Task delivered(Task task, String client) throws Exception {
    String taskId = task.getIdElement().getIdPart();
    String referralId = task.getFocus().getReferenceElement().getIdPart();
    NotificationDelivered receipt =
        NotificationDelivered.newBuilder()
            .setEnvelope(envelope(referralId))
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.EMAIL)
            .setAttempts(1)
            .setDeliveredAt(Instant.now())
            .setTaskId(taskId)
            .build();
    producer
        .send(new ProducerRecord<>(Topics.NOTIFICATION_RECEIPTS.name(), referralId, receipt))
        .get();
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ledger.read(client, Task.class, taskId), Task::hasBusinessStatus);
  }

  private static RoutingDecisionMade assign(
      Task task, String referralId, String service, ActorKind kind, String display) {
    return RoutingDecisionMade.newBuilder()
        .setEnvelope(envelope(referralId))
        .setTaskId(task.getIdElement().getIdPart())
        .setAction(RoutingAction.ASSIGN_OWNER)
        .setTarget(
            Actor.newBuilder()
                .setKind(kind)
                .setReference("HealthcareService/" + service)
                .setDisplay(display)
                .build())
        .setRuleId("portal-it")
        .setCapacity(CapacityStatus.CAPACITY)
        .setExplanation("portal IT")
        .setCausedByEventType("ReferralReceived")
        .build();
  }

  /** A new event's envelope, as a service of the platform writes it. */
  private static EventEnvelope envelope(String referralId) {
    return EventEnvelope.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(Instant.now())
        .setReferralId(referralId)
        .setCorrelationId("corr-" + UUID.randomUUID())
        .setProducer("portal-it")
        .build();
  }

  private static String fixture(String name) throws Exception {
    try (InputStream in = Referrals.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
