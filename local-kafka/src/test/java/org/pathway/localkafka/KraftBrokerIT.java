package org.pathway.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KraftBrokerIT {

  @TempDir Path dataDir;

  @Test
  void keepsAcknowledgedRecordsAcrossARestartOnTheSameDirectory() throws Exception {
    int port = FreePorts.next();
    List<String> sent = List.of("first", "second", "third");

    try (KraftBroker broker = KraftBroker.start(dataDir, port, Map.of())) {
      broker.createTopics(List.of(new NewTopic("dev.persisted", 1, (short) 1)));
      try (var producer = producer(broker.bootstrapServers())) {
        for (String value : sent) {
          producer.send(new ProducerRecord<>("dev.persisted", "k", value)).get();
        }
      }
    }

    try (KraftBroker broker = KraftBroker.start(dataDir, port, Map.of())) {
      broker.createTopics(List.of(new NewTopic("dev.persisted", 1, (short) 1)));
      assertThat(readAll(broker.bootstrapServers(), "dev.persisted", sent.size()))
          .containsExactlyElementsOf(sent);
    }
  }

  @Test
  void refusesToAutoCreateATopicThatIsNotInTheCatalogue() throws Exception {
    try (KraftBroker broker = KraftBroker.start(dataDir, 0, Map.of())) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
      try (var producer =
          new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
        var future = producer.send(new ProducerRecord<>("pathway.refferal.typo", "k", "v"));
        org.assertj.core.api.Assertions.assertThatThrownBy(future::get)
            .hasMessageContaining("pathway.refferal.typo");
      }
    }
  }

  static KafkaProducer<String, String> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  static List<String> readAll(String bootstrap, String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }
}
