package org.pathway.notifier.publish;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;

/** Builds records for {@code pathway.notifier.dlq}: the original bytes, the reason in headers. */
final class DeadLetters {

  private DeadLetters() {}

  static ProducerRecord<String, byte[]> record(
      String key, byte[] originalValue, String reason, String source, String eventType) {
    RecordHeaders headers = new RecordHeaders();
    EventHeaders.put(headers, EventHeaders.DEAD_LETTER_REASON, reason == null ? "unknown" : reason);
    EventHeaders.put(headers, EventHeaders.DEAD_LETTER_SOURCE, source == null ? "unknown" : source);
    EventHeaders.put(headers, EventHeaders.DEAD_LETTER_BY, "notifier");
    ReceiptPublisher.putIfPresent(headers, EventHeaders.EVENT_TYPE, eventType);
    return new ProducerRecord<>(
        Topics.NOTIFIER_DEAD_LETTERS.name(), null, key, originalValue, headers);
  }
}
