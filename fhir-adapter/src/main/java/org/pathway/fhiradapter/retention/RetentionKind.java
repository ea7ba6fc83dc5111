package org.pathway.fhiradapter.retention;

/** A kind of ledger data with a retention period of its own; its code names it in the purge log. */
public enum RetentionKind {
  REFERRAL_HISTORY("referral-history"),
  OUTCOME_SCORES("outcome-scores"),
  AUDIT("audit"),
  CONSUMED_EVENTS("consumed-events"),
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
