package org.pathway.notifier.retention;

/** A kind of data the notifier keeps with a retention period of its own. */
public enum RetentionKind {
  /** The delivery log's addresses, phone numbers and message fields. */
  DELIVERY_LOG("delivery-log"),
  /** The operators' dead-letter audit. */
  AUDIT("audit"),
  /** Which dead letters were handled. */
  DEAD_LETTERS("dead-letters");

  private final String code;

  RetentionKind(String code) {
    this.code = code;
  }

  /** The kind as the settings and the purge log name it. */
  public String code() {
    return code;
  }
}
