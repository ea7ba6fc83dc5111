package org.pathway.deadletters.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.serde.EventHeaders;

/**
 * Reads a dead-letter topic from the beginning to its current end, without a consumer group (an
 * operator's look commits nothing and moves no one's lag). Dead-letter topics are small by design:
 * every record is an alert.
 */
public final class DeadLetterInbox {

  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> consumerConfig;
  private final String topic;
  private final Duration timeout;

  /**
   * @param consumerConfig from {@code KafkaClients.consumer}; the group is removed
   * @param timeout how long one read may take before it fails
   */
  public DeadLetterInbox(Map<String, Object> consumerConfig, String topic, Duration timeout) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumerConfig = config;
    this.topic = topic;
    this.timeout = timeout;
  }

  public String topic() {
    return topic;
  }

  /** Every record on the topic now, oldest first per partition, partitions in order. */
  public List<DeadLetterEntry> all() {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      List<DeadLetterEntry> out = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end in " + timeout);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          out.add(entry(r));
        }
      }
      out.sort(
          java.util.Comparator.comparingInt(DeadLetterEntry::partition)
              .thenComparingLong(DeadLetterEntry::offset));
      return out;
    }
  }

  /** The record an API handle names, if it is on the topic. */
  public Optional<DeadLetterEntry> find(String id) {
    Optional<long[]> position = DeadLetterEntry.position(id);
    if (position.isEmpty()) {
      return Optional.empty();
    }
    TopicPartition tp = new TopicPartition(topic, (int) position.get()[0]);
    long offset = position.get()[1];
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      boolean known =
          consumer.partitionsFor(topic, timeout).stream()
              .anyMatch(p -> p.partition() == tp.partition());
      if (!known) {
        return Optional.empty();
      }
      consumer.assign(List.of(tp));
      long begin = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
      long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
      if (offset < begin || offset >= end) {
        return Optional.empty();
      }
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.offset() == offset) {
            return Optional.of(entry(r));
          }
          if (r.offset() > offset) {
            // A transaction marker or a compacted gap: no record there.
            return Optional.empty();
          }
        }
        if (consumer.position(tp) > offset) {
          return Optional.empty();
        }
      }
      throw new IllegalStateException("could not read " + id + " of " + topic + " in " + timeout);
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(
        consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static DeadLetterEntry entry(ConsumerRecord<String, byte[]> r) {
    List<DeadLetterEntry.Header> headers = new ArrayList<>();
    r.headers().forEach(h -> headers.add(new DeadLetterEntry.Header(h.key(), h.value())));
    return new DeadLetterEntry(
        DeadLetterEntry.id(r.partition(), r.offset()),
        r.topic(),
        r.partition(),
        r.offset(),
        Instant.ofEpochMilli(r.timestamp()),
        r.key(),
        EventHeaders.get(r.headers(), EventHeaders.DEAD_LETTER_REASON),
        EventHeaders.get(r.headers(), EventHeaders.DEAD_LETTER_SOURCE),
        EventHeaders.get(r.headers(), EventHeaders.DEAD_LETTER_BY),
        List.copyOf(headers),
        r.value());
  }

  /** A header's value as text, for display. */
  public static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }
}
