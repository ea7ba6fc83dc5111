package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkaedge.settings.KafkaSettings;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.router.kafka.ConsumedRecord;
import org.pathway.router.kafka.TransactionalPublisher;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The publisher against a real broker: a transaction held open on one partition does not stop
 * another partition's transaction from committing, and each commits its own offset with its output.
 */
class TransactionalPublisherIT {

  private static final String GROUP = "publisher-it";

  /** Holds the send of the record keyed {@code slow} inside its open transaction until released. */
  public static final class HoldSlowSend implements ProducerInterceptor<String, Object> {
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Override
    public ProducerRecord<String, Object> onSend(ProducerRecord<String, Object> record) {
      if ("slow".equals(record.key())) {
        ENTERED.countDown();
        try {
          RELEASE.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
  }

  @Test
  void aTransactionOpenOnOnePartitionDoesNotHoldBackAnother() throws Exception {
    try (KafkaCluster kafka = KafkaClusters.forTests()) {
      kafka.createTopics(
          List.of(
              Topics.REFERRAL_EVENTS.toNewTopic((short) 1),
              Topics.ROUTER_DEAD_LETTERS.toNewTopic((short) 1)));
      try (TransactionalPublisher publisher =
              new TransactionalPublisher(
                  new KafkaClients(
                      KafkaSettings.plaintext(kafka.bootstrapServers(), "router", null)),
                  GROUP + "-it",
                  2,
                  Map.of(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, HoldSlowSend.class.getName()));
          TopicTail deadLetters =
              new TopicTail(kafka.bootstrapServers(), Topics.ROUTER_DEAD_LETTERS.name());
          Admin admin =
              Admin.create(
                  Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        ConsumedRecord slow = consumed(0, 41, "slow");
        ConsumedRecord fast = consumed(1, 7, "fast");

        // Given a transaction on partition 0 that is open and not finishing
        CompletableFuture<Void> slowDone =
            CompletableFuture.runAsync(() -> deadLetter(publisher, slow));
        assertThat(HoldSlowSend.ENTERED.await(60, TimeUnit.SECONDS)).isTrue();

        // When partition 1's record is published meanwhile, it commits without waiting
        CompletableFuture<Void> fastDone =
            CompletableFuture.runAsync(() -> deadLetter(publisher, fast));
        fastDone.get(60, TimeUnit.SECONDS);
        assertThat(slowDone).as("the held transaction").isNotDone();
        await().atMost(Duration.ofSeconds(60)).until(() -> keys(deadLetters).contains("fast"));
        assertThat(keys(deadLetters)).as("read_committed sees the open one").doesNotContain("slow");

        // Then the held one commits too once released, each with its own offset
        HoldSlowSend.RELEASE.countDown();
        slowDone.get(60, TimeUnit.SECONDS);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> keys(deadLetters).containsAll(List.of("slow", "fast")));
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(slow.partition()).offset()).isEqualTo(42);
        assertThat(committed.get(fast.partition()).offset()).isEqualTo(8);
        assertThat(keys(deadLetters)).containsExactlyInAnyOrder("slow", "fast");
      } finally {
        HoldSlowSend.RELEASE.countDown();
      }
    }
  }

  private static ConsumedRecord consumed(int partition, long offset, String key) {
    return new ConsumedRecord(
        new TopicPartition(Topics.REFERRAL_EVENTS.name(), partition),
        offset,
        key,
        new ConsumerGroupMetadata(GROUP));
  }

  private static void deadLetter(TransactionalPublisher publisher, ConsumedRecord from) {
    publisher.deadLetter(
        from, from.key().getBytes(StandardCharsets.UTF_8), Map.of(), "publisher-it");
  }

  private static List<String> keys(TopicTail tail) {
    return tail.records().stream().map(r -> r.key()).toList();
  }
}
