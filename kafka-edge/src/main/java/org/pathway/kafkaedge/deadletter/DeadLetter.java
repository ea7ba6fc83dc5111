package org.pathway.kafkaedge.deadletter;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;

/**
 * Builds the record a service puts on its dead-letter topic: the original key, value bytes and
 * headers, plus {@link EventHeaders#DEAD_LETTER_REASON}, {@link EventHeaders#DEAD_LETTER_SOURCE}
 * ({@code topic-partition@offset}) and {@link EventHeaders#DEAD_LETTER_BY}. The header names are
 * contract and live in {@code pathway-events}; this is the one place that writes them.
 */
public final class DeadLetter {

  private final Service by;
  private String key;
  private byte[] value;
  private final RecordHeaders headers = new RecordHeaders();
  private String source;
  private String reason;

  private DeadLetter(Service by) {
    this.by = Objects.requireNonNull(by, "by");
  }

  /** A dead letter given up on by {@code by}, for its dead-letter topic. */
  public static DeadLetter by(Service by) {
    return new DeadLetter(by);
  }

  /** The consumed record as it was, dead-lettered by {@code by} for {@code reason}. */
  public static ProducerRecord<String, byte[]> of(
      Service by, ConsumerRecord<String, byte[]> original, String reason) {
    return by(by)
        .key(original.key())
        .value(original.value())
        .headers(original.headers())
        .source(source(original.topic(), original.partition(), original.offset()))
        .reason(reason)
        .build();
  }

  /** The {@code topic-partition@offset} form of where a record was read. */
  public static String source(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }

  /** The reason a failure gives: a decoding failure says what was wrong with the bytes. */
  public static String reason(Throwable failure) {
    if (failure == null) {
      return "unknown";
    }
    if (failure instanceof EventDecodingException) {
      // Its message already starts with the decoding reason (BAD_MARKER, ...).
      return failure.getMessage();
    }
    return failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }

  public DeadLetter key(String key) {
    this.key = key;
    return this;
  }

  /** The original bytes, exactly as read, so the record can be replayed once fixed. */
  public DeadLetter value(byte[] value) {
    this.value = value;
    return this;
  }

  /** Copies the original headers; the dead-letter headers are set over them. */
  public DeadLetter headers(Headers original) {
    if (original != null) {
      for (Header h : original) {
        headers.add(h.key(), h.value());
      }
    }
    return this;
  }

  /** Adds one original header. */
  public DeadLetter header(String name, byte[] value) {
    headers.add(name, value);
    return this;
  }

  /** Where the record was read, as {@link #source(String, int, long)} writes it. */
  public DeadLetter source(String source) {
    this.source = source;
    return this;
  }

  public DeadLetter reason(String reason) {
    this.reason = reason;
    return this;
  }

  /** The record for {@code by}'s dead-letter topic; partitioned by key like the original. */
  public ProducerRecord<String, byte[]> build() {
    RecordHeaders out = new RecordHeaders(headers.toArray());
    EventHeaders.put(out, EventHeaders.DEAD_LETTER_REASON, reason == null ? "unknown" : reason);
    EventHeaders.put(out, EventHeaders.DEAD_LETTER_SOURCE, source == null ? "unknown" : source);
    EventHeaders.put(out, EventHeaders.DEAD_LETTER_BY, by.id());
    return new ProducerRecord<>(Topics.deadLettersOf(by).name(), null, key, value, out);
  }
}
