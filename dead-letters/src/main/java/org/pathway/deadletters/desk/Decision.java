package org.pathway.deadletters.desk;

import org.apache.kafka.clients.producer.ProducerRecord;

/** What the desk decided about an operator's request. */
public sealed interface Decision {

  /**
   * Refused: {@code status} is the HTTP status that says why (400 bad input, 404 no such dead
   * letter, 409 already handled, 422 it cannot go back where it came from).
   */
  record Refused(int status, String description) implements Decision {}

  /** Replay {@code record}, then keep {@code handling}. */
  record Replay(ProducerRecord<String, byte[]> record, Handling handling) implements Decision {}

  /** Keep {@code handling}; nothing is sent. */
  record Discard(Handling handling) implements Decision {}
}
