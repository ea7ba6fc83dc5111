package org.pathway.events.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes cannot be read as a Pathway event. It is the one exception the deserializer
 * throws; the consumer receives it as the cause of Kafka's {@code RecordDeserializationException},
 * which names the partition and offset, so the record can be dead-lettered and skipped.
 */
public final class EventDecodingException extends SerializationException {

  private static final long serialVersionUID = 1L;

  /** Why the bytes could not be decoded. */
  public enum Reason {
    /** The encoding header names an encoding this reader does not speak. */
    UNSUPPORTED_ENCODING,
    /** The bytes do not start with the single-object marker {@code C3 01}. */
    BAD_MARKER,
    /** The fingerprint matches no shipped or current schema. */
    UNKNOWN_FINGERPRINT,
    /** The bytes end before the datum does. */
    TRUNCATED,
    /** The datum does not match the schema its fingerprint names. */
    MALFORMED
  }

  private final Reason reason;

  public EventDecodingException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** Why decoding failed; a dead-letter header carries it. */
  public Reason reason() {
    return reason;
  }
}
