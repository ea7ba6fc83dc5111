package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.reporting.config.StreamsConfig;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.JourneyFold;
import org.pathway.reporting.support.JourneyScript;

/**
 * The journeys store writes a changed journey once per commit, not once per event: these tests run
 * the topology on a real broker and check that what a committed offset covers is already in the
 * changelog (so an instance lost right after a commit is rebuilt whole), and that interactive
 * queries see journeys not yet written.
 */
class JourneyStoreIT {

  private static final String TOPIC = Topics.REFERRAL_EVENTS.name();
  private static final int PARTITIONS = 2;
  private static final int REFERRALS = 40;

  private static KafkaCluster kafka;
  private static final Map<String, Journey> folded = new HashMap<>();

  @BeforeAll
  static void publishJourneys() {
    kafka = KafkaClusters.forTests();
    kafka.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)));
    Map<String, Object> config = new HashMap<>(kafka.adminConfig());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    Instant start = Instant.parse("2026-05-04T09:00:00Z");
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(config, new StringSerializer(), new EventSerializer())) {
      for (int i = 0; i < REFERRALS; i++) {
        JourneyScript j =
            JourneyScript.referral(
                    "store-" + i,
                    start.plusSeconds(i * 60L),
                    "A8100" + (i % 3),
                    "U1",
                    "wellbeing",
                    i % 2 == 0 ? "female" : "male",
                    "A",
                    "45-64",
                    1 + i % 10)
                .accepted(1, "lw-1")
                .business(3, "first-conversation-held", "lw-1")
                .score(3, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 10 + i % 20)
                .completed(40, "lw-1");
        Journey journey = Journey.start(j.referralId());
        for (SpecificRecord e : j.events()) {
          producer.send(new ProducerRecord<>(TOPIC, j.referralId(), e));
          journey = JourneyFold.apply(journey, e);
        }
        folded.put(j.referralId(), journey);
      }
      producer.flush();
    }
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void whatACommittedOffsetCoversIsAlreadyInTheChangelog() throws Exception {
    String app = "journey-store-commit";
    try (KafkaStreams streams = start(app, Duration.ofSeconds(2))) {
      // The first commit that covers every event; the next is two seconds away.
      Map<TopicPartition, Long> changelogEnds = awaitCommittedThenChangelogEnds(app);

      assertThat(latestPerKey(changelogEnds)).isEqualTo(folded);
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  @Test
  void interactiveQueriesSeeJourneysNotWrittenYet() throws Exception {
    String app = "journey-store-query";
    // No commit while the test reads: every journey is still held by the store, unwritten.
    try (KafkaStreams streams = start(app, Duration.ofMinutes(5))) {
      Map<String, Journey> seen = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!seen.equals(folded) && System.nanoTime() < deadline) {
        seen.clear();
        try {
          ReadOnlyKeyValueStore<String, Journey> store =
              streams.store(
                  StoreQueryParameters.fromNameAndType(
                      JourneyTopology.JOURNEYS, QueryableStoreTypes.keyValueStore()));
          try (KeyValueIterator<String, Journey> all = store.all()) {
            all.forEachRemaining(kv -> seen.put(kv.key, kv.value));
          }
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException notYet) {
          // rebalancing or restoring: ask again
        }
        Thread.sleep(100);
      }

      assertThat(seen).isEqualTo(folded);
      assertThat(changelogEnds(app).values())
          .as("nothing written to the changelog yet")
          .containsOnly(0L);
    }
  }

  private static KafkaStreams start(String app, Duration commitInterval) throws Exception {
    Path state = Files.createTempDirectory("journey-store-it");
    Properties props =
        StreamsProperties.of(
            kafka.adminConfig(),
            new StreamsConfig(app, state.toString(), commitInterval, 1, 4096),
            "");
    KafkaStreams streams = new KafkaStreams(JourneyTopology.build(4096), props);
    streams.start();
    return streams;
  }

  /**
   * Waits until the application's committed offsets reach the end of every input partition, then at
   * once reads the end of its changelog.
   */
  private static Map<TopicPartition, Long> awaitCommittedThenChangelogEnds(String app)
      throws Exception {
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
        boolean covered = true;
        for (var e : ends.entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          covered &= c != null && c.offset() >= e.getValue().offset();
        }
        if (covered) {
          return changelogEnds(admin, app);
        }
        Thread.sleep(10);
      }
      throw new AssertionError("the application never committed the end of " + TOPIC);
    }
  }

  private static Map<TopicPartition, Long> changelogEnds(String app) throws Exception {
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      return changelogEnds(admin, app);
    }
  }

  private static Map<TopicPartition, Long> changelogEnds(Admin admin, String app) throws Exception {
    String changelog = app + "-" + JourneyTopology.JOURNEYS + "-changelog";
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      latest.put(new TopicPartition(changelog, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /** The latest journey per referral in the changelog, up to {@code ends}. */
  private static Map<String, Journey> latestPerKey(Map<TopicPartition, Long> ends) {
    Map<String, Object> config = new HashMap<>(kafka.adminConfig());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, Journey> latest = new HashMap<>();
    try (KafkaConsumer<String, Journey> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new JourneySerde().deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
          && System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < ends.get(tp)) {
            latest.put(r.key(), r.value());
          }
        }
      }
    }
    return latest;
  }
}
