package org.pathway.router.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.deadletter.DeadLetter;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.idempotency.JdbcIdempotentRepository;

/**
 * The steps the referral-events route runs on each record of a poll: take it in, decode it, drop a
 * duplicate, and add its decision (or its dead letter) to the poll's batch. Nothing is published
 * here: the batch is committed as a whole once every record of the poll is through ({@link
 * PollLoop}). All run on the consumer thread.
 */
public final class RecordSteps {

  /** Exchange property holding the {@link ConsumedRecord}. */
  public static final String CONSUMED = "pathway.consumed";

  /** Exchange property holding the record's original value bytes. */
  public static final String ORIGINAL = "pathway.original";

  /** Exchange property holding the record's original Kafka headers. */
  public static final String ORIGINAL_HEADERS = "pathway.originalHeaders";

  /** Exchange property holding the {@link PollBatch} the record belongs to. */
  public static final String BATCH = "pathway.batch";

  /** Message header holding the envelope's event id, once decoded. */
  public static final String EVENT_ID = "pathway.routerEventId";

  private final EventDeserializer deserializer = new EventDeserializer();
  private final JdbcIdempotentRepository processed;

  /**
   * @param processed event ids already handled, by any instance
   */
  public RecordSteps(JdbcIdempotentRepository processed) {
    this.processed = processed;
  }

  /** Puts a polled record, where it came from and its batch on a new exchange. */
  public static void takeIn(
      Exchange exchange,
      ConsumerRecord<String, byte[]> record,
      ConsumerGroupMetadata group,
      PollBatch batch) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value());
    }
    exchange.setProperty(
        CONSUMED,
        new ConsumedRecord(
            new TopicPartition(record.topic(), record.partition()),
            record.offset(),
            record.key(),
            group));
    exchange.setProperty(ORIGINAL, record.value());
    exchange.setProperty(ORIGINAL_HEADERS, headers);
    exchange.setProperty(BATCH, batch);
    exchange.getMessage().setBody(record.value());
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

  /**
   * Marks the exchange a duplicate ({@link Exchange#DUPLICATE_MESSAGE}) when its event was handled
   * before, by any instance, or earlier in this same poll (not yet recorded: that happens once the
   * batch commits). The ids the poll's records announce are looked up together, once per poll.
   */
  public void dedupe(Exchange exchange) {
    String eventId = exchange.getMessage().getHeader(EVENT_ID, String.class);
    PollBatch batch = exchange.getProperty(BATCH, PollBatch.class);
    boolean duplicate =
        batch.decidedAlready(eventId)
            || batch
                .handledBefore(eventId, processed::containedAmong)
                .orElseGet(() -> processed.contains(eventId));
    exchange.setProperty(Exchange.DUPLICATE_MESSAGE, duplicate);
  }

  /** Adds the decision in the body to the poll's batch. */
  public void collect(Exchange exchange) {
    RouterOutput output = exchange.getMessage().getBody(RouterOutput.class);
    exchange
        .getProperty(BATCH, PollBatch.class)
        .decided(
            exchange.getMessage().getHeader(EVENT_ID, String.class),
            exchange.getProperty(CONSUMED, ConsumedRecord.class).key(),
            output == null ? List.of() : output.events());
  }

  /** Adds the original record to the poll's batch as a dead letter, with the reason. */
  @SuppressWarnings("unchecked")
  public void deadLetter(Exchange exchange) {
    Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    exchange
        .getProperty(BATCH, PollBatch.class)
        .deadLetter(
            exchange.getProperty(CONSUMED, ConsumedRecord.class),
            exchange.getProperty(ORIGINAL, byte[].class),
            exchange.getProperty(ORIGINAL_HEADERS, Map.class),
            DeadLetter.reason(cause));
  }
}
