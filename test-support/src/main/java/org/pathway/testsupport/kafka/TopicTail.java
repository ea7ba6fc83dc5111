package org.pathway.testsupport.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.serde.EventDeserializer;

/**
 * Reads a whole topic from the beginning, without a consumer group, as a downstream service would
 * ({@code read_committed}: a transaction's records appear once it commits), and keeps every record
 * for assertions. A background thread polls from construction to {@link #close()}.
 */
public final class TopicTail implements AutoCloseable {

  private static final Duration WAIT_STEP = Duration.ofMillis(50);

  private final String bootstrapServers;
  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Starts reading {@code topic}, which must exist. */
  public TopicTail(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    consumer =
        new KafkaConsumer<>(
            config(bootstrapServers), new StringDeserializer(), new ByteArrayDeserializer());
    partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      consumer.close();
      throw new IllegalStateException("topic " + topic + " has no partitions: create it first");
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::poll, "tail-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    try {
      while (running) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        for (TopicPartition p : partitions) {
          positions.put(p, consumer.position(p));
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  public String topic() {
    return topic;
  }

  /** Every record read so far, undecoded. */
  public List<ConsumerRecord<String, byte[]>> records() {
    return List.copyOf(records);
  }

  /** Every record read so far, its value decoded as a Pathway event. */
  public List<ConsumerRecord<String, SpecificRecord>> decoded() {
    return decode(records());
  }

  /** Every Pathway event of {@code type} read so far. */
  public <T extends SpecificRecord> List<T> events(Class<T> type) {
    return decoded().stream()
        .map(ConsumerRecord::value)
        .filter(type::isInstance)
        .map(type::cast)
        .collect(Collectors.toList());
  }

  /**
   * Waits until {@code done} holds for the records read, and returns them; fails (an {@link
   * AssertionError}) after {@code timeout}.
   */
  public List<ConsumerRecord<String, byte[]>> awaitRecords(
      Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ConsumerRecord<String, byte[]>> seen = records();
      if (done.test(seen)) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after "
                + timeout
                + " waiting on "
                + topic
                + "; saw "
                + seen.size()
                + " records");
      }
      pause();
    }
  }

  /** As {@link #awaitRecords}, on the decoded events; returns every event read. */
  public List<SpecificRecord> awaitEvents(Predicate<List<SpecificRecord>> done, Duration timeout) {
    EventDeserializer d = new EventDeserializer();
    List<ConsumerRecord<String, byte[]>> seen =
        awaitRecords(
            recs -> done.test(recs.stream().map(r -> decode(d, r).value()).toList()), timeout);
    return seen.stream().map(r -> (SpecificRecord) decode(d, r).value()).toList();
  }

  /**
   * The decoded records once {@code done} holds for them or {@code timeout} has passed, whichever
   * is first; the caller asserts on what came back.
   */
  public List<ConsumerRecord<String, SpecificRecord>> until(
      Predicate<List<ConsumerRecord<String, SpecificRecord>>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, SpecificRecord>> seen = decoded();
    while (!done.test(seen) && System.nanoTime() < deadline) {
      pause();
      seen = decoded();
    }
    return seen;
  }

  /** Everything on the topic up to its committed end now, decoded. */
  public List<ConsumerRecord<String, SpecificRecord>> toEnd() {
    Map<TopicPartition, Long> end;
    try (var probe =
        new KafkaConsumer<>(
            config(bootstrapServers), new StringDeserializer(), new ByteArrayDeserializer())) {
      end = probe.endOffsets(partitions, Duration.ofSeconds(30));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (end.entrySet().stream()
        .anyMatch(e -> positions.getOrDefault(e.getKey(), 0L) < e.getValue())) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        throw new AssertionError(
            "did not reach the end of " + topic + " " + end + " within 60 s; at " + positions);
      }
      pause();
    }
    return decoded();
  }

  /** Everything read once {@code window} more has passed. */
  public List<ConsumerRecord<String, byte[]>> drain(Duration window) {
    try {
      Thread.sleep(window.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return records();
  }

  /** The last value of header {@code name} on {@code record}, if it has one. */
  public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null
        ? Optional.empty()
        : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, Object> config(String bootstrapServers) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false);
  }

  private static List<ConsumerRecord<String, SpecificRecord>> decode(
      List<ConsumerRecord<String, byte[]>> raw) {
    EventDeserializer d = new EventDeserializer();
    return raw.stream().map(r -> decode(d, r)).toList();
  }

  private static ConsumerRecord<String, SpecificRecord> decode(
      EventDeserializer d, ConsumerRecord<String, byte[]> r) {
    SpecificRecord value = d.deserialize(r.topic(), r.headers(), r.value());
    return new ConsumerRecord<>(
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        r.timestampType(),
        r.serializedKeySize(),
        r.serializedValueSize(),
        r.key(),
        value,
        r.headers(),
        r.leaderEpoch());
  }

  private static void pause() {
    try {
      Thread.sleep(WAIT_STEP.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
