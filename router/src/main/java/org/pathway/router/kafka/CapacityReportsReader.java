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
import org.pathway.directory.Capacity;
import org.pathway.directory.Directory;
import org.pathway.events.avro.GroupCapacityReported;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays the capacity each group reported ({@code pathway.directory.capacity}) over the router's
 * directory. Every router instance reads every partition from the beginning, with no consumer
 * group: each holds the whole directory, so splitting the topic between instances would leave each
 * with half the reports. The topic is compacted, so the beginning is each group's latest report;
 * the directory keeps the highest version, so a report read twice changes nothing.
 */
public final class CapacityReportsReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CapacityReportsReader.class);

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final List<TopicPartition> partitions;
  private final Directory directory;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Starts reading and waits, at most {@code catchUp}, until the reports on the topic when it
   * started are applied, so the first onward referral already sees them.
   */
  public CapacityReportsReader(KafkaClients kafka, Directory directory, Duration catchUp) {
    this.directory = directory;
    Map<String, Object> config = new HashMap<>(kafka.admin("capacity-reports"));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new EventDeserializer());
    String topic = Topics.DIRECTORY_CAPACITY.name();
    partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    catchUp(catchUp);
    thread = new Thread(this::run, "capacity-reports");
    thread.setDaemon(true);
    thread.start();
  }

  private void catchUp(Duration within) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + within.toNanos();
    while (!reached(end)) {
      if (System.nanoTime() > deadline) {
        LOG.warn(
            "capacity reports not read to the end within {}; the rest follow as they are read",
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
      LOG.error("capacity reports reader stopped; the directory keeps what it has", e);
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
      // A report that cannot be read is skipped: the feed's capacity stands for that group, and
      // the reports after it still apply.
      LOG.warn(
          "skipping unreadable capacity report at {}@{}: {}",
          e.topicPartition(),
          e.offset(),
          e.getMessage());
      consumer.seek(e.topicPartition(), e.offset() + 1);
    }
  }

  private void apply(ConsumerRecord<String, SpecificRecord> record) {
    if (!(record.value() instanceof GroupCapacityReported report)) {
      // A tombstone or a type this topic should not carry: nothing to lay over the feed.
      return;
    }
    boolean newer =
        directory.report(
            report.getGroupId(),
            new Capacity(
                report.getStatus(),
                report.getPlacesLeft(),
                report.getWaitlistOpen(),
                report.getReportedAt(),
                report.getVersion()));
    if (newer) {
      LOG.info(
          "capacity of {} is now {} (version {})",
          report.getGroupId(),
          report.getStatus(),
          report.getVersion());
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
