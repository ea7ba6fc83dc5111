package org.pathway.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;

/**
 * R2 of the reliability brief: kill the partition leader of a three-broker cluster (RF 3, min ISR
 * 2) while an idempotent producer with acks=all is writing, then check every acknowledged record
 * was consumed exactly once.
 */
class LeaderFailoverIT {

  private static final String TOPIC = "failover.records";
  private static final int RECORDS = 20_000;
  private static final int PARTITIONS = 3;

  @Test
  void everyAcknowledgedRecordIsConsumedExactlyOnceAfterTheLeaderDies() throws Exception {
    try (KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder().setNumBrokerNodes(3).setNumControllerNodes(1).build())
            .setConfigProp("offsets.topic.replication.factor", "3")
            .setConfigProp("offsets.topic.num.partitions", "3")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build()) {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      String bootstrap = cluster.bootstrapServers();

      // given a topic replicated three times that refuses writes with fewer than two in sync
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(TOPIC, PARTITIONS, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2"))))
            .all()
            .get();
      }

      // when the leader of partition 0 is shut down a third of the way through the writes
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger failed = new AtomicInteger();
      int killedBroker = -1;
      try (var producer = idempotentProducer(bootstrap)) {
        for (int i = 0; i < RECORDS; i++) {
          String id = "r-" + i;
          producer.send(
              new ProducerRecord<>(TOPIC, "key-" + (i % 97), id),
              (metadata, error) -> {
                if (error == null) {
                  acknowledged.add(id);
                } else {
                  failed.incrementAndGet();
                }
              });
          if (i == RECORDS / 3) {
            producer.flush();
            killedBroker = leaderOfPartitionZero(bootstrap);
            cluster.brokers().get(killedBroker).shutdown();
          }
        }
        producer.flush();
      }

      // then every acknowledged record is in the log exactly once
      Map<String, Integer> seen = consumeAll(bootstrap, acknowledged.size());
      assertThat(killedBroker).isNotNegative();
      assertThat(acknowledged).hasSizeGreaterThan(RECORDS / 2);
      assertThat(seen.keySet()).containsAll(acknowledged);
      assertThat(seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
          .as("records written more than once")
          .isEmpty();
      System.out.printf(
          "failover: killed broker %d; %d acknowledged, %d failed, %d consumed, 0 duplicates%n",
          killedBroker, acknowledged.size(), failed.get(), seen.size());
    }
  }

  private static KafkaProducer<String, String> idempotentProducer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static int leaderOfPartitionZero(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      return admin
          .describeTopics(List.of(TOPIC))
          .allTopicNames()
          .get()
          .get(TOPIC)
          .partitions()
          .get(0)
          .leader()
          .id();
    }
  }

  private static Map<String, Integer> consumeAll(String bootstrap, int atLeast) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    Map<String, Integer> seen = new HashMap<>();
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      int idle = 0;
      // Read until everything acknowledged is in, then a few empty polls more to catch duplicates.
      while (System.nanoTime() < deadline && (seen.size() < atLeast || idle < 5)) {
        var records = consumer.poll(Duration.ofMillis(300));
        idle = records.isEmpty() ? idle + 1 : 0;
        records.forEach(r -> seen.merge(r.value(), 1, Integer::sum));
      }
    }
    return seen;
  }
}
