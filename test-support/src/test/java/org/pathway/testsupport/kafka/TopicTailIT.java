package org.pathway.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.pathway.localkafka.KafkaClusters;

class TopicTailIT {

  @Test
  void readsEveryCommittedRecordFromTheBeginningWithItsHeaders() throws Exception {
    try (var kafka = KafkaClusters.forTests()) {
      kafka.createTopics(List.of(new NewTopic("tail-test", 3, (short) 1)));
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                  "tail-test"),
              new StringSerializer(),
              new ByteArraySerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        var before = new ProducerRecord<>("tail-test", "k1", "v1".getBytes(StandardCharsets.UTF_8));
        before.headers().add("X-Correlation-ID", "c-1".getBytes(StandardCharsets.UTF_8));
        producer.send(before);
        producer.commitTransaction();

        try (TopicTail tail = new TopicTail(kafka.bootstrapServers(), "tail-test")) {
          producer.beginTransaction();
          producer.send(new ProducerRecord<>("tail-test", "aborted", new byte[] {1}));
          producer.abortTransaction();
          producer.beginTransaction();
          producer.send(new ProducerRecord<>("tail-test", "k2", new byte[] {2}));
          producer.commitTransaction();

          var seen = tail.awaitRecords(rs -> rs.size() >= 2, Duration.ofSeconds(30));
          assertThat(seen).extracting(r -> r.key()).containsExactlyInAnyOrder("k1", "k2");
          var first = seen.stream().filter(r -> r.key().equals("k1")).findFirst().orElseThrow();
          assertThat(TopicTail.header(first, "X-Correlation-ID")).contains("c-1");
          assertThat(TopicTail.header(first, "X-Other")).isEmpty();
          assertThat(tail.drain(Duration.ofMillis(500))).hasSize(2);
          assertThatThrownBy(() -> tail.awaitRecords(rs -> rs.size() > 2, Duration.ofMillis(300)))
              .isInstanceOf(AssertionError.class)
              .hasMessageContaining("tail-test");
        }
      }
    }
  }
}
