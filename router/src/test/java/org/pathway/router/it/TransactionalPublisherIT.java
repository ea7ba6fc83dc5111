package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkaedge.settings.KafkaSettings;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.router.Fixtures;
import org.pathway.router.kafka.ConsumedRecord;
import org.pathway.router.kafka.TransactionalPublisher;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The publisher against a real broker: a transaction held open on one partition does not stop
 * another partition's transaction from committing, and each commits its own offset with its output;
 * a batch that fails mid-poll loses nothing and doubles nothing once its records are read again.
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

  @Test
  void anAbortedBatchIsReadAgainFromItsFirstRecordWithNothingLostOrDoubled() throws Exception {
    String group = GROUP + "-abort";
    try (KafkaCluster kafka = KafkaClusters.forTests()) {
      kafka.createTopics(
          List.of(
              Topics.REFERRAL_EVENTS.toNewTopic((short) 1),
              Topics.ROUTER_DEAD_LETTERS.toNewTopic((short) 1)));
      List<String> recorded = new CopyOnWriteArrayList<>();
      try (TransactionalPublisher publisher =
              new TransactionalPublisher(
                  new KafkaClients(
                      KafkaSettings.plaintext(kafka.bootstrapServers(), "router", null)),
                  group + "-it",
                  1,
                  Map.of(),
                  recorded::addAll);
          TopicTail deadLetters =
              new TopicTail(kafka.bootstrapServers(), Topics.ROUTER_DEAD_LETTERS.name());
          Admin admin =
              Admin.create(
                  Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        ConsumerGroupMetadata generation = new ConsumerGroupMetadata(group);

        // Given one poll's batch holding output of two partitions: p0@10, p1@5, p0@11 (an event
        // decided with nothing to send, recorded only on commit)
        deadLetter(publisher, batched(generation, 0, 10, "p0-10", false));
        deadLetter(publisher, batched(generation, 1, 5, "p1-5", false));
        publisher.publish(batched(generation, 0, 11, "p0-11", false), "event-11", List.of());
        assertThat(publisher.pending("event-11")).isTrue();

        // When p0@12 fails mid-batch (an event the router never writes)
        ConsumedRecord failing = batched(generation, 0, 12, "p0-12", false);
        assertThatThrownBy(
                () ->
                    publisher.publish(
                        failing, "event-12", List.of(Fixtures.referral("p0-12").build())))
            .isInstanceOf(IllegalArgumentException.class);

        // Then the batch is aborted and the records after it on either partition are refused
        // until the consumer reads the batch again, so no later offset can skip the lost output
        assertThat(publisher.pending("event-11")).isFalse();
        assertThatThrownBy(() -> deadLetter(publisher, batched(generation, 0, 13, "p0-13", true)))
            .isInstanceOf(KafkaException.class)
            .hasMessageContaining("@10");
        assertThatThrownBy(() -> deadLetter(publisher, batched(generation, 1, 6, "p1-6", true)))
            .isInstanceOf(KafkaException.class);
        assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
            .as("no offset committed")
            .isEmpty();

        // When the consumer reads both partitions again from the committed (start) offsets
        deadLetter(publisher, batched(generation, 0, 10, "p0-10", false));
        deadLetter(publisher, batched(generation, 1, 5, "p1-5", false));
        publisher.publish(batched(generation, 0, 11, "p0-11", false), "event-11", List.of());
        deadLetter(publisher, batched(generation, 0, 12, "p0-12", false));
        deadLetter(publisher, batched(generation, 0, 13, "p0-13", false));
        deadLetter(publisher, batched(generation, 1, 6, "p1-6", true));

        // Then every output is out exactly once and each partition's offset is past its last record
        await().atMost(Duration.ofSeconds(60)).until(() -> keys(deadLetters).size() >= 5);
        Thread.sleep(500);
        assertThat(keys(deadLetters))
            .containsExactlyInAnyOrder("p0-10", "p1-5", "p0-12", "p0-13", "p1-6");
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(new TopicPartition(Topics.REFERRAL_EVENTS.name(), 0)).offset())
            .isEqualTo(14);
        assertThat(committed.get(new TopicPartition(Topics.REFERRAL_EVENTS.name(), 1)).offset())
            .isEqualTo(7);
        assertThat(recorded).as("ids recorded once, after the commit").containsExactly("event-11");
      }
    }
  }

  private static ConsumedRecord batched(
      ConsumerGroupMetadata generation, int partition, long offset, String key, boolean endsPoll) {
    return new ConsumedRecord(
        new TopicPartition(Topics.REFERRAL_EVENTS.name(), partition),
        offset,
        key,
        generation,
        endsPoll);
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
