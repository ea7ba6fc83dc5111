package org.pathway.router.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topic;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a compacted topic whole into what the router keeps in memory (the directory's capacity, the
 * subscriptions). Every router instance reads every partition from the beginning, with no consumer
 * group: each must hold everything, so splitting the topic between instances would leave each with
 * half. Compacted, the beginning is each key's latest record; whatever applies the records keeps
 * the highest version, so a record read twice changes nothing. An unreadable record is skipped: the
 * records after it still apply.
 */
public final class CompactedTopicReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicReader.class);

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final List<TopicPartition> partitions;
  private final String what;
  private final Consumer<SpecificRecord> apply;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Starts reading and waits, at most {@code catchUp}, until the records on the topic when it
   * started are applied, so the first event routed already sees them.
   *
   * @param what names the records in logs, the client id and the thread (e.g. capacity-reports)
   * @param apply takes each record read; a tombstone is never passed
   */
  public CompactedTopicReader(
      KafkaClients kafka,
      Topic source,
      String what,
      Consumer<SpecificRecord> apply,
      Duration catchUp) {
    this.what = what;
    this.apply = apply;
    Map<String, Object> config = new HashMap<>(kafka.admin(what));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new EventDeserializer());
    String topic = source.name();
    partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    catchUp(catchUp);
    thread = new Thread(this::run, what);
    thread.setDaemon(true);
    thread.start();
  }

  private void catchUp(Duration within) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + within.toNanos();
    while (!reached(end)) {
      if (System.nanoTime() > deadline) {
        LOG.warn("{} not read to the end within {}; the rest follow as read", what, within);
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
      LOG.error("{} reader stopped; the router keeps what it has read", what, e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void pollOnce() {
    try {
      for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value() != null) {
          apply.accept(record.value());
        }
      }
    } catch (RecordDeserializationException e) {
      LOG.warn(
          "skipping unreadable {} record at {}@{}: {}",
          what,
          e.topicPartition(),
          e.offset(),
          e.getMessage());
      consumer.seek(e.topicPartition(), e.offset() + 1);
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
