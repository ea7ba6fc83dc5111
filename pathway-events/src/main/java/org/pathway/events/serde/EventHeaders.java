package org.pathway.events.serde;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Kafka header names that are part of Pathway's contract, and the values they may hold. */
public final class EventHeaders {

  /** How the value is encoded; absent means {@link #AVRO_SINGLE_OBJECT}. */
  public static final String ENCODING = "pathway.encoding";

  /** Avro single-object encoding: {@code C3 01}, an 8-byte schema fingerprint, the datum. */
  public static final String AVRO_SINGLE_OBJECT = "avro-single-object";

  /** Full Avro name of the event type, so a reader can route without decoding. */
  public static final String EVENT_TYPE = "pathway.event-type";

  /** The envelope's event id, for deduplication without decoding. */
  public static final String EVENT_ID = "pathway.event-id";

  /** The BaRS X-Correlation-ID the chain of events started with. */
  public static final String CORRELATION_ID = "X-Correlation-ID";

  /** On a dead-lettered record: why it could not be handled. */
  public static final String DEAD_LETTER_REASON = "pathway.dlq.reason";

  /** On a dead-lettered record: topic, partition and offset it was read from. */
  public static final String DEAD_LETTER_SOURCE = "pathway.dlq.source";

  /** On a dead-lettered record: the service that gave up on it. */
  public static final String DEAD_LETTER_BY = "pathway.dlq.by";

  /** On a replayed record: the replay's own id, so a consumer can apply one replay once. */
  public static final String REPLAY_ID = "pathway.replay.id";

  /** On a replayed record: the dead letter it came from ({@code dlq-topic-partition@offset}). */
  public static final String REPLAY_OF = "pathway.replay.of";

  /** On a replayed record: the operator (client id) who replayed it. */
  public static final String REPLAY_BY = "pathway.replay.by";

  /** On a replayed record: when it was replayed (ISO-8601 instant). */
  public static final String REPLAY_AT = "pathway.replay.at";

  private EventHeaders() {}

  /**
   * Stamps the contract headers of an event in Avro single-object encoding: its encoding and full
   * type name, and for an event with an envelope its event id and correlation id (both null for one
   * without).
   */
  public static void stamp(
      Headers headers, String eventType, String eventId, String correlationId) {
    put(headers, ENCODING, AVRO_SINGLE_OBJECT);
    put(headers, EVENT_TYPE, eventType);
    if (eventId != null) {
      put(headers, EVENT_ID, eventId);
    }
    if (correlationId != null) {
      put(headers, CORRELATION_ID, correlationId);
    }
  }

  /** Sets {@code name} to {@code value}, replacing any earlier value. */
  public static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The last value of {@code name}, or null when the header is absent. */
  public static String get(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
