package org.pathway.kafkaedge.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkaedge.settings.KafkaSettings;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;

/** The durable consumer loop against a real broker: poison, transient failures, transactions. */
class DurableConsumerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DLQ = Topics.deadLettersOf(Service.NOTIFIER).name();

  private static KafkaCluster kafka;
  private static Admin admin;
  private static KafkaProducer<String, byte[]> producer;

  private final List<DurableConsumer> loops = new ArrayList<>();
  private final List<String> handled = Collections.synchronizedList(new ArrayList<>());
  private KafkaClients clients;
  private String topic;
  private String group;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaClusters.forTests();
    var clients = new KafkaClients(KafkaSettings.plaintext(kafka.bootstrapServers(), "it", null));
    admin = Admin.create(clients.admin("admin"));
    admin.createTopics(List.of(new NewTopic(DLQ, 1, (short) 1))).all().get();
    producer =
        new KafkaProducer<>(
            clients.producer("dlq"), new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopKafka() {
    producer.close();
    admin.close();
    kafka.close();
  }

  @AfterEach
  void closeLoops() {
    loops.forEach(DurableConsumer::close);
  }

  private void newTopic() throws Exception {
    topic = "edge-it-" + UUID.randomUUID();
    group = "edge-it-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    clients = new KafkaClients(KafkaSettings.plaintext(kafka.bootstrapServers(), "it", group));
  }

  private DurableConsumer start(RecordHandler handler) {
    var loop =
        new DurableConsumer(
            clients.consumer("in"),
            producer,
            new DurableConsumer.Settings(
                "edge-it",
                List.of(topic),
                Service.NOTIFIER,
                Duration.ofMillis(200),
                Duration.ofMillis(50),
                Duration.ofMillis(200)),
            handler,
            Clock.systemUTC());
    loops.add(loop);
    loop.start();
    return loop;
  }

  private void send(String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, bytes(value))).get();
  }

  @Test
  void deadLettersPoisonWithItsBytesAndReasonWhileLaterRecordsFlow() throws Exception {
    newTopic();
    String key = "poison-" + UUID.randomUUID();
    List<String> deadLettered = Collections.synchronizedList(new ArrayList<>());
    start(
        new RecordHandler() {
          @Override
          public void handle(ConsumerRecord<String, byte[]> r) {
            String value = text(r.value());
            if (value.startsWith("good")) {
              handled.add(value);
            } else if (value.equals("refused")) {
              throw new PoisonRecordException("refused by the handler");
            } else {
              new EventDeserializer().deserialize(r.topic(), r.headers(), r.value());
            }
          }

          @Override
          public void deadLettered(ConsumerRecord<String, byte[]> r, String reason) {
            deadLettered.add(reason);
          }
        });

    // given a good record, a record the handler refuses, one that cannot be decoded, a good one
    send(key, "good-1");
    var refused = new ProducerRecord<>(topic, key, bytes("refused"));
    EventHeaders.put(refused.headers(), EventHeaders.CORRELATION_ID, "corr-refused");
    producer.send(refused).get();
    send(key, "garbage, not an event");
    send(key, "good-2");

    // then the good ones are handled, in order, past the poison
    await().atMost(WAIT).until(() -> handled.size() == 2);
    assertThat(handled).containsExactly("good-1", "good-2");
    // and both poison records are on the dead-letter topic as they were, with why and where from
    List<ConsumerRecord<String, byte[]>> dead = readAll(DLQ, key, 2);
    assertThat(dead)
        .extracting(r -> text(r.value()))
        .containsExactly("refused", "garbage, not an event");
    assertThat(EventHeaders.get(dead.get(0).headers(), EventHeaders.DEAD_LETTER_REASON))
        .isEqualTo("refused by the handler");
    assertThat(EventHeaders.get(dead.get(0).headers(), EventHeaders.CORRELATION_ID))
        .isEqualTo("corr-refused");
    assertThat(EventHeaders.get(dead.get(0).headers(), EventHeaders.DEAD_LETTER_SOURCE))
        .isEqualTo(topic + "-0@1");
    assertThat(EventHeaders.get(dead.get(0).headers(), EventHeaders.DEAD_LETTER_BY))
        .isEqualTo("notifier");
    assertThat(EventHeaders.get(dead.get(1).headers(), EventHeaders.DEAD_LETTER_REASON))
        .startsWith("BAD_MARKER");
    assertThat(deadLettered).hasSize(2);
    // and everything is committed
    await().atMost(WAIT).until(() -> committed() == 4);
  }

  @Test
  void redeliversAfterATransientFailureLosingNothingAndCommittingNothingEarly() throws Exception {
    newTopic();
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    var loop =
        start(
            r -> {
              String value = text(r.value());
              if (value.equals("r2") && failing.get()) {
                attempts.incrementAndGet();
                throw new IllegalStateException("database away");
              }
              handled.add(value);
            });

    // given five records, the third failing for a while
    for (int i = 0; i < 5; i++) {
      send("k", "r" + i);
    }

    // then the third is tried again and again, and only what is done before it is committed
    await().atMost(WAIT).until(() -> attempts.get() >= 3);
    assertThat(committed()).isEqualTo(2);
    assertThat(handled).containsExactly("r0", "r1");
    assertThat(loop.healthy(Duration.ofMinutes(1))).isFalse();
    assertThat(loop.lastError()).contains("database away");

    // when the failure passes
    failing.set(false);

    // then every record is handled once, in order, and all are committed
    await().atMost(WAIT).until(() -> committed() == 5);
    assertThat(handled).containsExactly("r0", "r1", "r2", "r3", "r4");
    // The broker holds the commit a moment before the loop, back from it, clears its last error.
    await().atMost(WAIT).until(() -> loop.healthy(Duration.ofMinutes(1)));
    assertThat(loop.lastError()).isNull();
  }

  @Test
  void aBatchedHandlersPollIsCommittedOnlyWithItsBatchAndReadAgainWholeAfterAFailedCommit()
      throws Exception {
    newTopic();
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger failedCommits = new AtomicInteger();
    List<String> staged = new ArrayList<>();
    List<String> durable = Collections.synchronizedList(new ArrayList<>());
    // given five records written before the loop starts, so the first poll carries them all
    for (int i = 0; i < 5; i++) {
      send("k", "r" + i);
    }
    var loop =
        start(
            new RecordHandler() {
              @Override
              public boolean batched() {
                return true;
              }

              @Override
              public void beginBatch(ConsumerRecords<String, byte[]> records) {
                staged.clear();
              }

              @Override
              public void handle(ConsumerRecord<String, byte[]> r) {
                staged.add(text(r.value()));
              }

              @Override
              public void commitBatch() {
                if (failing.get()) {
                  failedCommits.incrementAndGet();
                  throw new IllegalStateException("commit refused");
                }
                durable.addAll(staged);
              }

              @Override
              public void abortBatch() {
                staged.clear();
              }
            });

    // when the batch cannot commit, then nothing is committed, not even the records it handled
    await().atMost(WAIT).until(() -> failedCommits.get() >= 3);
    // (an empty poll between tries may commit the rewound position, 0; nothing past it)
    assertThat(committed()).isLessThanOrEqualTo(0);
    assertThat(durable).isEmpty();
    assertThat(loop.lastError()).contains("commit refused");

    // when the commit succeeds again, then the whole poll is made durable once, in order
    failing.set(false);
    await().atMost(WAIT).until(() -> committed() == 5);
    assertThat(durable).containsExactly("r0", "r1", "r2", "r3", "r4");
  }

  @Test
  void showsNoLagOnATransactionalTopicOnceIdleAndLeavesTheGroupOnClose() throws Exception {
    newTopic();
    // given three records written in one Kafka transaction (its commit marker takes an offset)
    try (var tx =
        new KafkaProducer<>(
            clients.transactionalProducer("tx", "edge-it-" + UUID.randomUUID()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      tx.initTransactions();
      tx.beginTransaction();
      for (int i = 0; i < 3; i++) {
        tx.send(new ProducerRecord<>(topic, "k", bytes("t" + i)));
      }
      tx.commitTransaction();
    }
    // (the coordinator writes the marker after commitTransaction returns)
    await().atMost(WAIT).until(() -> endOffset() == 4);
    long end = 4;

    var loop = start(r -> handled.add(text(r.value())));

    // then the records are handled and the committed position passes the marker: lag 0
    await().atMost(WAIT).until(() -> handled.size() == 3);
    await().atMost(WAIT).until(() -> committed() == end);

    // when the loop closes, its consumer leaves the group
    loop.close();
    assertThat(loop.healthy(Duration.ofMinutes(1))).isFalse();
    await()
        .atMost(WAIT)
        .until(
            () ->
                admin
                    .describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get()
                    .members()
                    .isEmpty());
  }

  private long committed() throws ExecutionException, InterruptedException {
    var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    var offset = offsets.get(new TopicPartition(topic, 0));
    return offset == null ? -1 : offset.offset();
  }

  private long endOffset() throws ExecutionException, InterruptedException {
    var tp = new TopicPartition(topic, 0);
    return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String from, String key, int count) {
    var config =
        new java.util.HashMap<>(
            new KafkaClients(KafkaSettings.plaintext(kafka.bootstrapServers(), "it", "unused"))
                .admin("tail"));
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      var tp = new TopicPartition(from, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seen.size() < count && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (key.equals(r.key())) {
                    seen.add(r);
                  }
                });
      }
      return seen;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
