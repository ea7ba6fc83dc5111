package org.pathway.router.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.avro.SubscriptionChanged;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.router.decision.Subscriber;
import org.pathway.router.decision.Subscribers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the router's set of FHIR Subscriptions ({@code pathway.subscriptions}) current. As for the
 * capacity reports, every instance reads every partition from the beginning with no consumer group:
 * each must know every subscription. The topic is compacted, so the beginning is each
 * subscription's latest state; the highest version wins, so a record read twice changes nothing.
 * Header lines are never logged.
 */
public final class SubscriptionsReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionsReader.class);

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final List<TopicPartition> partitions;
  private final Subscribers subscribers;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Starts reading and waits, at most {@code catchUp}, until the subscriptions on the topic when it
   * started are known, so the first Task change already reaches them.
   */
  public SubscriptionsReader(KafkaClients kafka, Subscribers subscribers, Duration catchUp) {
    this.subscribers = subscribers;
    Map<String, Object> config = new HashMap<>(kafka.admin("subscriptions"));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new EventDeserializer());
    String topic = Topics.SUBSCRIPTIONS.name();
    partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    catchUp(catchUp);
    thread = new Thread(this::run, "subscriptions");
    thread.setDaemon(true);
    thread.start();
  }

  private void catchUp(Duration within) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + within.toNanos();
    while (!reached(end)) {
      if (System.nanoTime() > deadline) {
        LOG.warn(
            "subscriptions not read to the end within {}; the rest follow as they are read",
            within);
        return;
      }
      pollOnce();
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private void run() {
    try {
      while (running) {
        pollOnce();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("subscriptions reader stopped; the router keeps the subscriptions it has", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void pollOnce() {
    try {
      for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
        apply(record);
      }
    } catch (RecordDeserializationException e) {
      // A record that cannot be read is skipped: the records after it still apply.
      LOG.warn(
          "skipping unreadable subscription record at {}@{}: {}",
          e.topicPartition(),
          e.offset(),
          e.getMessage());
      consumer.seek(e.topicPartition(), e.offset() + 1);
    }
  }

  private void apply(ConsumerRecord<String, SpecificRecord> record) {
    if (!(record.value() instanceof SubscriptionChanged changed)) {
      // A tombstone or a type this topic should not carry: nothing to keep.
      return;
    }
    Subscriber s = Subscriber.of(changed);
    if (subscribers.apply(s)) {
      LOG.info(
          "subscription {} of {} is now {} (version {})",
          s.id(),
          s.organization(),
          s.active() ? "active" : "off",
          s.version());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
