package org.pathway.kafkameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.localkafka.FreePorts;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.localkafka.KraftBroker;
import org.slf4j.LoggerFactory;

/**
 * The gauges against a real broker: offsets produced, committed and deleted, and the broker gone.
 *
 * <p>The tests that do not stop their broker share one for the class (each start costs seconds);
 * each has topics and groups of its own, so none sees another's offsets.
 */
class KafkaOffsetMetersIT {

  // Long enough that only the read at bind and the test's own reads happen.
  private static final Duration NO_SCHEDULED_READS = Duration.ofHours(1);

  private static KafkaCluster kafka;

  @BeforeAll
  static void startBroker() {
    kafka = KafkaClusters.forTests();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void reportsLagPerGroupAndTopicAndTheDeadLettersRetained() throws Exception {
    String orders = "orders-" + UUID.randomUUID();
    String payments = "payments-" + UUID.randomUUID();
    String dlq = "meters.dlq-" + UUID.randomUUID();
    kafka.createTopics(
        List.of(
            new NewTopic(orders, 3, (short) 1),
            new NewTopic(payments, 1, (short) 1),
            new NewTopic(dlq, 3, (short) 1)));
    // given N = 30 records, 10 on each partition, and 5 payments
    try (var producer = producer(kafka.bootstrapServers())) {
      for (int i = 0; i < 30; i++) {
        producer.send(new ProducerRecord<>(orders, i % 3, "k" + i, "v")).get();
      }
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(payments, 0, "p" + i, "v")).get();
      }
      // and M = 4 dead letters spread by key
      for (int i = 0; i < 4; i++) {
        producer.send(new ProducerRecord<>(dlq, "dead-" + i, "v")).get();
      }
    }
    // and K = 11 orders committed by one group (partition 1 never), all its payments
    commit(
        kafka.bootstrapServers(),
        "reader",
        Map.of(
            new TopicPartition(orders, 0), 4L,
            new TopicPartition(orders, 2), 7L,
            new TopicPartition(payments, 0), 5L));
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put("reader", List.of(orders, payments));
    groups.put("never-committed", List.of(orders));
    var settings = new KafkaOffsetMeters.Settings(groups, List.of(dlq), NO_SCHEDULED_READS);
    var registry = new SimpleMeterRegistry();

    try (var meters = new KafkaOffsetMeters(admin(kafka.bootstrapServers()), settings)) {
      // when bound
      meters.bindTo(registry);

      // then the first read comes at once on the meters' own thread, not after an interval
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(lag(registry, "reader", orders)).isEqualTo(30 - 11);
                assertThat(lag(registry, "reader", payments)).isZero();
                assertThat(lag(registry, "never-committed", orders)).isEqualTo(30);
                assertThat(deadLetters(registry, dlq)).isEqualTo(4);
                assertThat(age(registry)).isFinite().isGreaterThanOrEqualTo(0);
              });

      // when the group reads on, and retention drops the first dead letter of each partition
      commit(kafka.bootstrapServers(), "reader", Map.of(new TopicPartition(orders, 1), 10L));
      int nonEmpty = deleteFirstRecordOfEachNonEmptyPartition(kafka.bootstrapServers(), dlq);
      assertThat(meters.refresh()).isTrue();

      // then the next read shows both
      assertThat(lag(registry, "reader", orders)).isEqualTo(30 - 21);
      assertThat(deadLetters(registry, dlq)).isEqualTo(4 - nonEmpty);
    }
  }

  @Test
  void countsDeadLettersWrittenInTransactionsAsRecordsNotOffsets() throws Exception {
    String dlq = "tx.dlq-" + UUID.randomUUID();
    kafka.createTopics(List.of(new NewTopic(dlq, 3, (short) 1)));
    var settings = new KafkaOffsetMeters.Settings(Map.of(), List.of(dlq), NO_SCHEDULED_READS);
    try (var producer = transactionalProducer(kafka.bootstrapServers());
        var meters = new KafkaOffsetMeters(admin(kafka.bootstrapServers()), settings)) {
      // given dead letters written as the router writes them, one transaction per input record:
      // 3 committed in one transaction, 1 in another, and 2 in a transaction that aborted
      inTransaction(producer, dlq, List.of(0, 1, 2), true);
      inTransaction(producer, dlq, List.of(0), true);
      inTransaction(producer, dlq, List.of(0, 1), false);
      // which take 12 offsets: 6 records, a marker per transaction and partition
      assertThat(offsetsSpanned(kafka.bootstrapServers(), dlq)).isEqualTo(12);
      var registry = new SimpleMeterRegistry();

      // when bound
      meters.bindTo(registry);
      assertThat(meters.refresh()).isTrue();

      // then it counts the 4 committed records, no marker and nothing aborted
      assertThat(deadLetters(registry, dlq)).isEqualTo(4);

      // when 2 more are committed, and 1 is written in a transaction still open
      inTransaction(producer, dlq, List.of(1, 2), true);
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(dlq, 2, "open", "dead")).get();

      // then a read adds the 2 once their markers are written, and not the one no reader may
      // see yet
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> meters.refresh() && deadLetters(registry, dlq) == 6);
      assertThat(meters.refresh()).isTrue();
      assertThat(deadLetters(registry, dlq)).isEqualTo(6);

      // when that transaction commits
      producer.commitTransaction();

      // then it counts (once its marker is on the partition: the coordinator writes it after
      // commitTransaction returns, and until then the record is beyond the last stable offset)
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> meters.refresh() && deadLetters(registry, dlq) == 7);
      assertThat(deadLetters(registry, dlq)).isEqualTo(7);

      // when retention deletes partition 0 up to offset 2: its first record and first marker
      try (Admin admin = Admin.create(admin(kafka.bootstrapServers()))) {
        admin
            .deleteRecords(Map.of(new TopicPartition(dlq, 0), RecordsToDelete.beforeOffset(2)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(meters.refresh()).isTrue();

      // then exactly the one record deleted is gone from the count
      assertThat(deadLetters(registry, dlq)).isEqualTo(6);
    }

    // and a new instance, as after a restart, counts the same from the topic alone
    var registry = new SimpleMeterRegistry();
    try (var restarted = new KafkaOffsetMeters(admin(kafka.bootstrapServers()), settings)) {
      restarted.bindTo(registry);
      assertThat(restarted.refresh()).isTrue();
      assertThat(deadLetters(registry, dlq)).isEqualTo(6);
    }
  }

  @Test
  void aReaderThatCommitsItsPositionOnATransactionalTopicHasNoLag() throws Exception {
    String topic = "tx-" + UUID.randomUUID();
    TopicPartition tp = new TopicPartition(topic, 0);
    kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
    // given one record written in a transaction, as the router writes
    try (var producer = transactionalProducer(kafka.bootstrapServers())) {
      inTransaction(producer, topic, List.of(0), true);
    }
    try (var consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "tx-reader",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed"),
                new StringDeserializer(),
                new StringDeserializer());
        var meters =
            new KafkaOffsetMeters(
                admin(kafka.bootstrapServers()),
                new KafkaOffsetMeters.Settings(
                    Map.of("tx-reader", List.of(topic)), List.of(), NO_SCHEDULED_READS))) {
      // and a read-committed reader that commits "last record + 1"
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<Long> read = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.offset()));
                return !read.isEmpty();
              });
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(read.get(0) + 1)));
      var registry = new SimpleMeterRegistry();

      // when bound
      meters.bindTo(registry);
      assertThat(meters.refresh()).isTrue();

      // then the commit marker after the record shows as one of lag, with nothing unread
      assertThat(lag(registry, "tx-reader", topic)).isEqualTo(1);

      // when the reader commits its position instead, which moves past the marker
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.position(tp) == 2;
              });
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(consumer.position(tp))));

      // then it has no lag
      assertThat(meters.refresh()).isTrue();
      assertThat(lag(registry, "tx-reader", topic)).isZero();
    }
  }

  @Test
  void keepsTheLastValuesWhileKafkaIsAwayWarnsOnceAndCatchesUpWhenItReturns(@TempDir Path dir)
      throws Exception {
    String topic = "requests";
    String dlq = "requests.dlq";
    int port = FreePorts.next();
    var settings =
        new KafkaOffsetMeters.Settings(
            Map.of("worker", List.of(topic)),
            List.of(dlq),
            NO_SCHEDULED_READS,
            Duration.ofSeconds(1));
    var registry = new SimpleMeterRegistry();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(KafkaOffsetMeters.class);
    logger.addAppender(log);
    KraftBroker broker = KraftBroker.start(dir, port, Map.of());
    try (var meters = new KafkaOffsetMeters(admin(broker.bootstrapServers()), settings)) {
      broker.createTopics(
          List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(dlq, 1, (short) 1)));
      try (var producer = producer(broker.bootstrapServers())) {
        for (int i = 0; i < 6; i++) {
          producer.send(new ProducerRecord<>(topic, "k" + i, "v")).get();
        }
        producer.send(new ProducerRecord<>(dlq, "dead", "v")).get();
      }
      meters.bindTo(registry);
      assertThat(meters.refresh()).isTrue();
      assertThat(lag(registry, "worker", topic)).isEqualTo(6);
      assertThat(deadLetters(registry, dlq)).isEqualTo(1);
      double ageWhenFresh = age(registry);

      // when the broker goes away
      broker.close();

      // then reads fail, the gauges keep their values, and only their age grows
      assertThat(meters.refresh()).isFalse();
      assertThat(meters.refresh()).isFalse();
      assertThat(lag(registry, "worker", topic)).isEqualTo(6);
      assertThat(deadLetters(registry, dlq)).isEqualTo(1);
      assertThat(age(registry)).isGreaterThan(ageWhenFresh);
      // and the failure is logged once for the run, not once per read
      assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);

      // when it returns, with its data, and more has been written
      broker = KraftBroker.start(dir, port, Map.of());
      try (var producer = producer(broker.bootstrapServers())) {
        producer.send(new ProducerRecord<>(dlq, "dead-again", "v")).get();
      }

      // then a read succeeds and the gauges move on
      await().atMost(Duration.ofSeconds(60)).until(meters::refresh);
      assertThat(deadLetters(registry, dlq)).isEqualTo(2);
      assertThat(lag(registry, "worker", topic)).isEqualTo(6);
      assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
      assertThat(log.list).filteredOn(e -> e.getLevel() == Level.INFO).hasSize(1);
    } finally {
      logger.detachAppender(log);
      broker.close();
    }
  }

  private static double lag(SimpleMeterRegistry registry, String group, String topic) {
    return registry
        .get(KafkaOffsetMeters.CONSUMER_LAG)
        .tag("group", group)
        .tag("topic", topic)
        .gauge()
        .value();
  }

  private static double deadLetters(SimpleMeterRegistry registry, String topic) {
    return registry.get(KafkaOffsetMeters.DEAD_LETTERS).tag("topic", topic).gauge().value();
  }

  private static double age(SimpleMeterRegistry registry) {
    return registry.get(KafkaOffsetMeters.AGE).timeGauge().value(TimeUnit.SECONDS);
  }

  private static Map<String, Object> admin(String bootstrap) {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
    var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "tx-" + UUID.randomUUID()),
            new StringSerializer(),
            new StringSerializer());
    producer.initTransactions();
    return producer;
  }

  /** One record on each of {@code partitions} in one transaction, committed or aborted. */
  private static void inTransaction(
      KafkaProducer<String, String> producer,
      String topic,
      List<Integer> partitions,
      boolean commit)
      throws Exception {
    producer.beginTransaction();
    for (int partition : partitions) {
      producer.send(new ProducerRecord<>(topic, partition, "k" + partition, "dead")).get();
    }
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  /** End minus earliest offset, summed over the topic's partitions: what offsets alone say. */
  private static long offsetsSpanned(String bootstrap, String topic) throws Exception {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringDeserializer(),
            new StringDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      var earliest = consumer.beginningOffsets(partitions);
      return consumer.endOffsets(partitions).entrySet().stream()
          .mapToLong(e -> e.getValue() - earliest.get(e.getKey()))
          .sum();
    }
  }

  /** Commits as a consumer of {@code group} would, without joining it. */
  private static void commit(String bootstrap, String group, Map<TopicPartition, Long> offsets) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(offsets.keySet());
      Map<TopicPartition, OffsetAndMetadata> commit = new LinkedHashMap<>();
      offsets.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
      consumer.commitSync(commit);
    }
  }

  /** Deletes the first record of each partition that has one; returns how many were deleted. */
  private static int deleteFirstRecordOfEachNonEmptyPartition(String bootstrap, String topic)
      throws Exception {
    try (Admin admin = Admin.create(admin(bootstrap));
        var consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(),
                new StringDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, RecordsToDelete> delete = new LinkedHashMap<>();
      consumer
          .endOffsets(partitions)
          .forEach(
              (tp, end) -> {
                if (end > 0) {
                  delete.put(tp, RecordsToDelete.beforeOffset(1));
                }
              });
      admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
      return delete.size();
    }
  }
}
