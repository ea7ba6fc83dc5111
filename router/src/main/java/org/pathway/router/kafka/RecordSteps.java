package org.pathway.router.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.deadletter.DeadLetter;
import org.pathway.router.decision.RouterOutput;

/**
 * The steps routes call around a Kafka record: capture where it came from, decode it, publish the
 * output with its offset, skip it, or dead-letter its original bytes. All run on the consumer
 * thread, before the offset moves.
 */
public final class RecordSteps {

  /** Exchange property holding the {@link ConsumedRecord}. */
  public static final String CONSUMED = "pathway.consumed";

  /** Exchange property holding the record's original value bytes. */
  public static final String ORIGINAL = "pathway.original";

  /** Exchange property holding the record's original Kafka headers. */
  public static final String ORIGINAL_HEADERS = "pathway.originalHeaders";

  /** Message header the idempotent consumer keys on: the envelope's event id. */
  public static final String EVENT_ID = "pathway.routerEventId";

  private final EventDeserializer deserializer = new EventDeserializer();
  private final TransactionalPublisher publisher;

  public RecordSteps(TransactionalPublisher publisher) {
    this.publisher = publisher;
  }

  /** Records where the message came from and keeps its original bytes and headers. */
  public void capture(Exchange exchange) {
    Message in = exchange.getMessage();
    var partition =
        new TopicPartition(
            in.getHeader(KafkaConstants.TOPIC, String.class),
            in.getHeader(KafkaConstants.PARTITION, Integer.class));
    long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
    var commit = in.getHeader(KafkaConstants.MANUAL_COMMIT, DefaultKafkaManualCommit.class);
    if (commit == null) {
      throw new IllegalStateException("the Kafka endpoint must set allowManualCommit=true");
    }
    // The generation-bearing metadata fences a zombie that lost its partitions in a rebalance.
    ConsumerGroupMetadata group = commit.getConsumer().groupMetadata();
    Map<String, byte[]> headers = new LinkedHashMap<>();
    in.getHeaders()
        .forEach(
            (name, value) -> {
              if (value instanceof byte[] bytes) {
                headers.put(name, bytes);
              }
            });
    exchange.setProperty(
        CONSUMED,
        new ConsumedRecord(
            partition, offset, in.getHeader(KafkaConstants.KEY, String.class), group));
    exchange.setProperty(ORIGINAL, in.getBody(byte[].class));
    exchange.setProperty(ORIGINAL_HEADERS, headers);
  }

  /**
   * Decodes the value into its event. Undecodable bytes raise {@link EventDecodingException}; an
   * event that does not belong on the topic or under the key raises {@link InvalidEventException}.
   */
  @SuppressWarnings("unchecked")
  public void decode(Exchange exchange) {
    ConsumedRecord from = exchange.getProperty(CONSUMED, ConsumedRecord.class);
    byte[] value = exchange.getProperty(ORIGINAL, byte[].class);
    var headers = new RecordHeaders();
    exchange
        .getProperty(ORIGINAL_HEADERS, Map.class)
        .forEach((k, v) -> headers.add((String) k, (byte[]) v));
    if (value == null) {
      throw new InvalidEventException("a record without a value (tombstone) at " + from.source());
    }
    SpecificRecord event = deserializer.deserialize(from.partition().topic(), headers, value);
    if (!Topics.REFERRAL_EVENTS.accepts(event.getClass())) {
      throw new InvalidEventException(
          event.getClass().getSimpleName() + " does not belong on " + from.partition().topic());
    }
    var field = event.getSchema().getField("envelope");
    if (field == null || !(event.get(field.pos()) instanceof EventEnvelope envelope)) {
      throw new InvalidEventException(event.getClass().getSimpleName() + " has no envelope");
    }
    if (from.key() != null && !from.key().equals(envelope.getReferralId())) {
      throw new InvalidEventException(
          "record key " + from.key() + " is not the event's referral " + envelope.getReferralId());
    }
    exchange.getMessage().setBody(event);
    exchange.getMessage().setHeader(EVENT_ID, envelope.getEventId().toString());
  }

  /** Publishes the body's events and commits the record's offset, in one transaction. */
  public void publish(Exchange exchange) {
    RouterOutput output = exchange.getMessage().getBody(RouterOutput.class);
    publisher.publish(
        exchange.getProperty(CONSUMED, ConsumedRecord.class),
        output == null ? java.util.List.of() : output.events());
  }

  /** Commits the record's offset with nothing published. */
  public void skip(Exchange exchange) {
    publisher.skip(exchange.getProperty(CONSUMED, ConsumedRecord.class));
  }

  /** Puts the original record on the dead-letter topic with the reason, and commits its offset. */
  @SuppressWarnings("unchecked")
  public void deadLetter(Exchange exchange) {
    Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    String reason = DeadLetter.reason(cause);
    publisher.deadLetter(
        exchange.getProperty(CONSUMED, ConsumedRecord.class),
        exchange.getProperty(ORIGINAL, byte[].class),
        exchange.getProperty(ORIGINAL_HEADERS, Map.class),
        reason);
  }
}
