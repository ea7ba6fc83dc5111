package org.pathway.notifier.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.serde.EventDeserializer;

/** Reads a topic from the beginning and keeps everything it has seen. */
public final class TopicProbe implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

  public TopicProbe(String bootstrap, String topic) {
    this.topic = topic;
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /** Polls until {@code done} holds for what was seen, or fails after {@code timeout}. */
  public synchronized List<ConsumerRecord<String, byte[]>> awaitRecords(
      Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(seen)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting on " + topic + "; saw " + seen.size() + " records");
      }
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    return List.copyOf(seen);
  }

  /** Decoded events, once {@code done} holds for them. */
  public List<SpecificRecord> awaitEvents(Predicate<List<SpecificRecord>> done, Duration timeout) {
    EventDeserializer d = new EventDeserializer();
    awaitRecords(
        recs ->
            done.test(
                recs.stream().map(r -> d.deserialize(topic, r.headers(), r.value())).toList()),
        timeout);
    return seen.stream().map(r -> d.deserialize(topic, r.headers(), r.value())).toList();
  }

  /** Everything that arrives within {@code window} more. */
  public synchronized List<ConsumerRecord<String, byte[]>> drain(Duration window) {
    long deadline = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
