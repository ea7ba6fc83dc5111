package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.ConsumedEvents;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Referrals;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.metrics.Prometheus;

/** The ledger applier against real Kafka and PostgreSQL: idempotent by event id; poison to DLQ. */
class ApplierIT {

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static IGenericClient client;
  static KafkaProducer<String, SpecificRecord> producer;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter = Adapter.start(db, kafka.bootstrapServers());
    client = adapter.client("practice-a81001");
    producer =
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
    producer.close();
    adapter.close();
    kafka.close();
    db.close();
  }

  @Test
  void routingDecisionSetsOwnerOnceEvenWhenRedelivered() throws Exception {
    Task task = newTask();
    String referralId = task.getFocus().getReferenceElement().getIdPart();
    var decision = assignOwner(task, referralId, "Organization/leeds-link-workers");

    // when the same decision is delivered twice
    send(Topics.ROUTING_DECISIONS.name(), referralId, decision);
    send(Topics.ROUTING_DECISIONS.name(), referralId, decision);

    // then the Task gets its owner in exactly one new version, announced once
    await().atMost(Duration.ofSeconds(60)).until(() -> readTask(task).hasOwner());
    String eventId = decision.getEnvelope().getEventId().toString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                adapter.ledger().count("applied_event", "event_id = ?", eventId) == 1
                    && adapter.ledger().count("outbox_pending", null) == 0);
    Task owned = readTask(task);
    assertThat(owned.getOwner().getReference()).isEqualTo("Organization/leeds-link-workers");
    assertThat(owned.getMeta().getVersionId()).isEqualTo("2");
    Bundle byOwner =
        client
            .search()
            .forResource(Task.class)
            .where(Task.OWNER.hasId("Organization/leeds-link-workers"))
            .returnBundle(Bundle.class)
            .execute();
    assertThat(byOwner.getEntry())
        .extracting(e -> e.getResource().getIdElement().getIdPart())
        .contains(task.getIdElement().getIdPart());
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var changes =
          events.toEnd().stream()
              .map(ConsumerRecord::value)
              .filter(TaskStatusChanged.class::isInstance)
              .map(TaskStatusChanged.class::cast)
              .filter(e -> eventId.equals(e.getEnvelope().getCausationId()))
              .toList();
      assertThat(changes).hasSize(1);
      assertThat(changes.get(0).getOwner().getReference())
          .isEqualTo("Organization/leeds-link-workers");
    }
  }

  @Test
  void routingDecisionsWrittenInTransactionsAreAppliedAndLeaveTheApplierNoLag() throws Exception {
    Task task = newTask();
    String referralId = task.getFocus().getReferenceElement().getIdPart();
    var aborted = assignOwner(task, referralId, "Organization/aborted-owner");
    var committed = assignOwner(task, referralId, "Organization/committed-owner");
    try (var router =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "router-" + UUID.randomUUID()),
            new StringSerializer(),
            new EventSerializer())) {
      router.initTransactions();
      // given a decision in a transaction the router aborted, then one in a transaction it
      // committed, each ending in a marker that takes an offset after the decision
      router.beginTransaction();
      router.send(new ProducerRecord<>(Topics.ROUTING_DECISIONS.name(), referralId, aborted)).get();
      router.abortTransaction();
      router.beginTransaction();
      router
          .send(new ProducerRecord<>(Topics.ROUTING_DECISIONS.name(), referralId, committed))
          .get();
      router.commitTransaction();
    }
    long written = System.nanoTime();

    // then only the committed decision is applied, in one new version
    await().atMost(Duration.ofSeconds(60)).until(() -> readTask(task).hasOwner());
    Task owned = readTask(task);
    assertThat(owned.getOwner().getReference()).isEqualTo("Organization/committed-owner");
    assertThat(owned.getMeta().getVersionId()).isEqualTo("2");
    // and the applier commits past the markers: once it has read everything, no lag at all
    String lag =
        "pathway_kafka_consumer_lag{group=\""
            + "fhir-adapter-ledger-applier"
            + "\",topic=\""
            + Topics.ROUTING_DECISIONS.name()
            + "\"}";
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        Prometheus.sample(
                            Prometheus.scrapeReadAfter(
                                URI.create(adapter.managementBase()),
                                adapter.token("operator"),
                                written),
                            lag))
                    .isZero());
  }

  @Test
  void deliveryReceiptRecordsOneCommunicationAndDeliveredStatus() {
    Task task = newTask();
    String referralId = task.getFocus().getReferenceElement().getIdPart();
    var receipt = ConsumedEvents.emailDelivered(referralId);

    send(Topics.NOTIFICATION_RECEIPTS.name(), referralId, receipt);
    send(Topics.NOTIFICATION_RECEIPTS.name(), referralId, receipt);

    await().atMost(Duration.ofSeconds(60)).until(() -> readTask(task).hasBusinessStatus());
    assertThat(readTask(task).getBusinessStatus().getCodingFirstRep().getCode())
        .isEqualTo("delivered");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                adapter
                        .ledger()
                        .count(
                            "applied_event",
                            "event_id = ?",
                            receipt.getEnvelope().getEventId().toString())
                    == 1);
    assertThat(adapter.ledger().communicationsOf(referralId)).hasSize(1);
  }

  @Test
  void poisonRecordsAreDeadLetteredWithOriginalBytesAndThePartitionKeepsFlowing() throws Exception {
    Task task = newTask();
    String referralId = task.getFocus().getReferenceElement().getIdPart();
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    try (var raw =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      // given a record that is not an event, and an event for a referral the ledger does not hold
      raw.send(new ProducerRecord<>(Topics.NOTIFICATION_RECEIPTS.name(), referralId, garbage))
          .get();
    }
    var unknown =
        NotificationDelivered.newBuilder()
            .setEnvelope(envelope("no-such-referral"))
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.SMS)
            .setAttempts(1)
            .setDeliveredAt(Instant.now())
            .build();
    send(Topics.NOTIFICATION_RECEIPTS.name(), referralId, unknown);
    // and after them, on the same partition, a good one
    var good =
        NotificationDelivered.newBuilder()
            .setEnvelope(envelope(referralId))
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.SMS)
            .setAttempts(2)
            .setDeliveredAt(Instant.now())
            .build();
    send(Topics.NOTIFICATION_RECEIPTS.name(), referralId, good);
    long written = System.nanoTime();

    // then the good one is applied
    await().atMost(Duration.ofSeconds(60)).until(() -> readTask(task).hasBusinessStatus());
    // and both poison records are on the dead-letter topic with their bytes and a reason
    var dlq = Topics.FHIR_ADAPTER_DEAD_LETTERS.name();
    try (var tail = new TopicTail(kafka.bootstrapServers(), dlq)) {
      var seen =
          tail.awaitRecords(
              rs -> rs.stream().filter(r -> referralId.equals(r.key())).count() >= 2,
              Duration.ofSeconds(60));
      var mine = seen.stream().filter(r -> referralId.equals(r.key())).toList();
      assertThat(mine).hasSize(2);
      assertThat(mine.get(0).value()).isEqualTo(garbage);
      assertThat(EventHeaders.get(mine.get(0).headers(), EventHeaders.DEAD_LETTER_REASON))
          .startsWith("undecodable");
      assertThat(EventHeaders.get(mine.get(0).headers(), EventHeaders.DEAD_LETTER_SOURCE))
          .startsWith(Topics.NOTIFICATION_RECEIPTS.name() + "-");
      assertThat(EventHeaders.get(mine.get(0).headers(), EventHeaders.DEAD_LETTER_BY))
          .isEqualTo("fhir-adapter");
      assertThat(EventHeaders.get(mine.get(1).headers(), EventHeaders.DEAD_LETTER_REASON))
          .startsWith("rejected by ledger");
      assertThat(mine.get(1).value())
          .isEqualTo(new EventSerializer().serialize(Topics.NOTIFICATION_RECEIPTS.name(), unknown));
    }
    // and /prometheus counts them on the dead-letter topic, and the applier has read everything
    String dead = "pathway_dead_letters{topic=\"" + dlq + "\"}";
    String lag =
        "pathway_kafka_consumer_lag{group=\""
            + "fhir-adapter-ledger-applier"
            + "\",topic=\""
            + Topics.NOTIFICATION_RECEIPTS.name()
            + "\"}";
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              String body =
                  Prometheus.scrapeReadAfter(
                      URI.create(adapter.managementBase()), adapter.token("operator"), written);
              assertThat(Prometheus.sample(body, dead)).isGreaterThanOrEqualTo(2.0);
              assertThat(Prometheus.sample(body, lag)).isZero();
            });
  }

  @Test
  void aPollOfDecisionsIsAppliedTogetherAndAPoisonAmongThemLeavesNoTraceInTheLedger()
      throws Exception {
    // given decisions for several referrals, with one for a Task the ledger does not hold among
    // them, all written before the applier polls them (one flush, so they share polls)
    int n = 12;
    java.util.List<Task> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(newTask());
    }
    String ownerRef = "Organization/batch-owner-" + UUID.randomUUID();
    java.util.List<RoutingDecisionMade> decisions = new java.util.ArrayList<>();
    for (Task task : tasks) {
      decisions.add(assignOwner(task, task.getFocus().getReferenceElement().getIdPart(), ownerRef));
    }
    String referralOfPoison = tasks.get(0).getFocus().getReferenceElement().getIdPart();
    var poison = assignOwner(tasks.get(0), referralOfPoison, ownerRef);
    poison.setTaskId("no-such-task-" + UUID.randomUUID());
    String poisonId = poison.getEnvelope().getEventId().toString();
    for (int i = 0; i < n; i++) {
      var d = decisions.get(i);
      producer.send(
          new ProducerRecord<>(
              Topics.ROUTING_DECISIONS.name(), d.getEnvelope().getReferralId(), d));
      if (i == n / 2) {
        producer.send(
            new ProducerRecord<>(Topics.ROUTING_DECISIONS.name(), referralOfPoison, poison));
      }
    }
    producer.flush();

    // then every good decision is applied, once: one new Task version each
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> tasks.stream().allMatch(t -> readTask(t).hasOwner()));
    for (Task task : tasks) {
      Task owned = readTask(task);
      assertThat(owned.getOwner().getReference()).isEqualTo(ownerRef);
      assertThat(owned.getMeta().getVersionId()).isEqualTo("2");
    }
    for (var d : decisions) {
      assertThat(
              adapter
                  .ledger()
                  .count("applied_event", "event_id = ?", d.getEnvelope().getEventId().toString()))
          .isEqualTo(1);
    }
    // and the poison is on the dead-letter topic, while nothing of it stayed in the ledger
    try (var tail =
        new TopicTail(kafka.bootstrapServers(), Topics.FHIR_ADAPTER_DEAD_LETTERS.name())) {
      byte[] poisonBytes = new EventSerializer().serialize(Topics.ROUTING_DECISIONS.name(), poison);
      var seen =
          tail.awaitRecords(
              rs -> rs.stream().anyMatch(r -> java.util.Arrays.equals(r.value(), poisonBytes)),
              Duration.ofSeconds(60));
      assertThat(seen).anyMatch(r -> java.util.Arrays.equals(r.value(), poisonBytes));
    }
    assertThat(adapter.ledger().count("applied_event", "event_id = ?", poisonId)).isZero();
  }

  @Test
  void theApplierRunsItsConfiguredLoopsAndTheyShareEveryPartitionOfBothTopics() throws Exception {
    // given an adapter with the default pathway.applier.consumers (3)
    var topics =
        java.util.Set.of(Topics.ROUTING_DECISIONS.name(), Topics.NOTIFICATION_RECEIPTS.name());
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      // then the applier's group has three members, and each partition of the two topics is
      // assigned to exactly one of them
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                var group =
                    admin
                        .describeConsumerGroups(java.util.List.of("fhir-adapter-ledger-applier"))
                        .all()
                        .get()
                        .get("fhir-adapter-ledger-applier");
                assertThat(group.members()).hasSize(3);
                var assigned =
                    group.members().stream()
                        .flatMap(m -> m.assignment().topicPartitions().stream())
                        .filter(tp -> topics.contains(tp.topic()))
                        .toList();
                assertThat(assigned)
                    .doesNotHaveDuplicates()
                    .hasSize(2 * Topics.ROUTING_DECISIONS.partitions());
                assertThat(group.members())
                    .allSatisfy(m -> assertThat(m.assignment().topicPartitions()).isNotEmpty());
              });
    }
  }

  static Task newTask() {
    return Referrals.refer(client, Fixtures.referral());
  }

  static Task readTask(Task task) {
    return client.read().resource(Task.class).withId(task.getIdElement().getIdPart()).execute();
  }

  static RoutingDecisionMade assignOwner(Task task, String referralId, String owner) {
    return RoutingDecisionMade.newBuilder()
        .setEnvelope(envelope(referralId))
        .setTaskId(task.getIdElement().getIdPart())
        .setAction(RoutingAction.ASSIGN_OWNER)
        .setTarget(
            Actor.newBuilder()
                .setKind(ActorKind.LINK_WORKER_SERVICE)
                .setReference(owner)
                .setDisplay("Leeds Link Workers")
                .build())
        .setRuleId("postcode-ls")
        .setCapacity(CapacityStatus.CAPACITY)
        .setExplanation("LS postcode district")
        .setCausedByEventType("ReferralReceived")
        .build();
  }

  static EventEnvelope envelope(String referralId) {
    return ConsumedEvents.envelope(referralId);
  }

  static void send(String topic, String key, SpecificRecord event) {
    try {
      producer.send(new ProducerRecord<>(topic, key, event)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
