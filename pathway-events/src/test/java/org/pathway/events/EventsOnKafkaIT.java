package org.pathway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventDecodingException.Reason;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;

/** The event contracts on a real broker: the catalogue's topics, the project serde. */
class EventsOnKafkaIT {

  private static final String POISON_TOPIC = "contract-test.poison";
  private static KafkaCluster kafka;

  @BeforeAll
  static void startKafka() {
    kafka = KafkaClusters.forTests();
    List<NewTopic> topics = new ArrayList<>();
    Topics.all().forEach(t -> topics.add(t.toNewTopic((short) 1)));
    topics.add(new NewTopic(POISON_TOPIC, 1, (short) 1));
    kafka.createTopics(topics);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void everyEventTypeComesBackFromTheBrokerEqual() throws Exception {
    // given one event of every type, each sent to its catalogue topic
    List<SpecificRecord> sent = SampleEvents.oneOfEach("ref-round-trip");
    try (var producer = producer()) {
      for (SpecificRecord event : sent) {
        producer.send(new ProducerRecord<>(topicOf(event), "ref-round-trip", event)).get();
      }
    }

    // when they are read back with the project deserializer
    var received =
        consume(
            Topics.all().stream().filter(t -> !t.isDeadLetter()).map(Topic::name).toList(),
            r -> r.key().equals("ref-round-trip"),
            sent.size());

    // then each is equal to what was sent, with the contract headers on it
    assertThat(received.stream().map(ConsumerRecord::value))
        .containsExactlyInAnyOrderElementsOf(sent);
    assertThat(received)
        .allSatisfy(
            r -> {
              assertThat(EventHeaders.get(r.headers(), EventHeaders.CORRELATION_ID))
                  .isEqualTo("corr-ref-round-trip");
              assertThat(EventHeaders.get(r.headers(), EventHeaders.EVENT_TYPE))
                  .isEqualTo(r.value().getSchema().getFullName());
            });
  }

  @Test
  void keepsEachReferralsOrderAcrossManyReferralsAndPartitions() {
    // given 400 referrals whose Task versions 1..25 are sent interleaved with each other
    int referrals = 400;
    int versions = 25;
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (var producer = producer()) {
      for (int v = 1; v <= versions; v++) {
        for (int r = 0; r < referrals; r++) {
          String key = "order-" + run + "-" + r;
          producer.send(
              new ProducerRecord<>(
                  Topics.REFERRAL_EVENTS.name(), key, SampleEvents.taskStatusChanged(key, v)));
        }
      }
      producer.flush();
    }

    // when all are consumed
    var received =
        consume(
            List.of(Topics.REFERRAL_EVENTS.name()),
            r -> r.key().startsWith("order-" + run),
            referrals * versions);

    // then every referral's versions arrive as 1..25, and the referrals span every partition
    Map<String, List<Integer>> byReferral = new HashMap<>();
    Set<Integer> partitions = new java.util.HashSet<>();
    for (var record : received) {
      partitions.add(record.partition());
      byReferral
          .computeIfAbsent(record.key(), k -> new ArrayList<>())
          .add(((TaskStatusChanged) record.value()).getTaskVersion());
    }
    List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, versions).boxed().toList();
    assertThat(byReferral).hasSize(referrals);
    assertThat(byReferral.values()).allSatisfy(v -> assertThat(v).isEqualTo(expected));
    assertThat(partitions).hasSize(Topics.REFERRAL_EVENTS.partitions());
  }

  @Test
  void aPoisonRecordIsReportedWithItsOffsetAndTheRecordsAfterItFlow() throws Exception {
    // given good, garbage, good, truncated, good records on one partition
    var serializer = new EventSerializer();
    List<SpecificRecord> good =
        List.of(
            SampleEvents.referralReceived("p-1"),
            SampleEvents.referralReceived("p-2"),
            SampleEvents.referralReceived("p-3"));
    byte[] whole = serializer.serialize(POISON_TOPIC, good.get(1));
    List<byte[]> values =
        List.of(
            serializer.serialize(POISON_TOPIC, good.get(0)),
            "<Bundle>not avro</Bundle>".getBytes(),
            whole,
            java.util.Arrays.copyOf(whole, whole.length / 2),
            serializer.serialize(POISON_TOPIC, good.get(2)));
    try (var raw =
        new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        raw.send(new ProducerRecord<>(POISON_TOPIC, "p", value)).get();
      }
    }

    // when a consumer with the project deserializer reads the partition
    List<SpecificRecord> read = new ArrayList<>();
    List<Long> poisonOffsets = new ArrayList<>();
    List<Reason> reasons = new ArrayList<>();
    try (var consumer = consumer()) {
      consumer.subscribe(List.of(POISON_TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < good.size() && System.nanoTime() < deadline) {
        try {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
        } catch (RecordDeserializationException e) {
          // what a consumer does with it: note it for the dead-letter topic, then step past it
          reasons.add(((EventDecodingException) e.getCause()).reason());
          poisonOffsets.add(e.offset());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    }

    // then each poison record raised the typed exception at its own offset, and nothing good was
    // lost
    assertThat(read).containsExactlyElementsOf(good);
    assertThat(poisonOffsets).containsExactly(1L, 3L);
    assertThat(reasons).containsExactly(Reason.BAD_MARKER, Reason.TRUNCATED);
  }

  private static String topicOf(SpecificRecord event) {
    return Topics.all().stream()
        .filter(t -> t.accepts(event.getClass()))
        .findFirst()
        .orElseThrow()
        .name();
  }

  private static Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return props;
  }

  private static KafkaProducer<String, SpecificRecord> producer() {
    return new KafkaProducer<>(producerProps(), new StringSerializer(), new EventSerializer());
  }

  private static KafkaConsumer<String, SpecificRecord> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new EventDeserializer());
  }

  private static List<ConsumerRecord<String, SpecificRecord>> consume(
      Collection<String> topics,
      Predicate<ConsumerRecord<String, SpecificRecord>> wanted,
      int expected) {
    List<ConsumerRecord<String, SpecificRecord>> received = new ArrayList<>();
    try (var consumer = consumer()) {
      consumer.subscribe(topics);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (wanted.test(r)) {
                    received.add(r);
                  }
                });
      }
    }
    return received;
  }
}
