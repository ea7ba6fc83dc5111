package org.pathway.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * One test class after another on the JVM's shared broker: each lease must look like a new broker,
 * or a class would read records and offsets the class before it left.
 */
class SharedTestBrokerIT {

  private static final String TOPIC = "shared.leftover";

  @Test
  void aNewLeaseHasNoTopicsAndNoGroupsAnEarlierClassLeft() throws Exception {
    // given a class that wrote a record and committed a consumer group's offset, then closed
    String bootstrap;
    try (KafkaCluster first = KafkaClusters.forTestClass()) {
      bootstrap = first.bootstrapServers();
      first.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
      try (var producer = producer(bootstrap)) {
        producer.send(new ProducerRecord<>(TOPIC, "k", "left over")).get();
      }
      try (var consumer = consumer(bootstrap, "leftover-group")) {
        consumer.subscribe(List.of(TOPIC));
        int received = 0;
        for (int i = 0; i < 150 && received == 0; i++) {
          received = consumer.poll(Duration.ofMillis(200)).count();
        }
        assertThat(received).isEqualTo(1);
        consumer.commitSync();
      }
    }

    // when the next class takes the broker
    try (KafkaCluster second = KafkaClusters.forTestClass();
        Admin admin = Admin.create(second.adminConfig())) {

      // then it is the same broker, with neither the topic nor the group left
      assertThat(second.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(TOPIC);
      assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS))
          .extracting(GroupListing::groupId)
          .doesNotContain("leftover-group");
      // and the topic made again under the same name starts empty
      second.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
      try (var consumer = consumer(bootstrap, "fresh-group")) {
        var partition = new TopicPartition(TOPIC, 0);
        assertThat(consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)))
            .containsEntry(partition, 0L);
      }
    }
  }

  @Test
  void aConsumerAnEarlierClassLeftRunningFailsTheNextLease() throws Exception {
    // given a class that leaves a consumer in its group, still running
    KafkaCluster first = KafkaClusters.forTestClass();
    first.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
    try (var leaked = consumer(first.bootstrapServers(), "leaked-group")) {
      leaked.subscribe(List.of(TOPIC));
      for (int i = 0; i < 150 && leaked.assignment().isEmpty(); i++) {
        leaked.poll(Duration.ofMillis(200));
      }
      assertThat(leaked.assignment()).isNotEmpty();
      first.close();

      // when the next class takes the broker, then it is refused, naming the group
      assertThatThrownBy(KafkaClusters::forTestClass)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("leaked-group");
    }
    // and once that consumer is closed the broker is usable again
    try (KafkaCluster next = KafkaClusters.forTestClass();
        Admin admin = Admin.create(next.adminConfig())) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(TOPIC);
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(),
        new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false"),
        new StringDeserializer(),
        new StringDeserializer());
  }
}
