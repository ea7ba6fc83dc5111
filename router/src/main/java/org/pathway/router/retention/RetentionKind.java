package org.pathway.router.retention;

import java.util.List;

/**
 * A kind of data the router keeps, with a retention period of its own, and the tables (with the
 * column that dates a row) that hold it.
 */
public enum RetentionKind {
  /** What the router remembers of a referral: the person as the GP knows them, their contact. */
  REFERRAL_FACTS(
      "referral-facts",
      List.of(
          new Held("router_referral", "recorded_at"),
          new Held("router_person_contact", "recorded_at"),
          new Held("router_onward_referral", "recorded_at"),
          new Held("router_task_owner", "recorded_at"),
          new Held("router_routed_referral", "recorded_at"))),
  /** The idempotent consumer's log of handled event ids. */
  CONSUMED_EVENTS("consumed-events", List.of(new Held("router_processed_event", "processed_at"))),
  /** The operators' dead-letter audit. */
  AUDIT("audit", List.of(new Held("dead_letter_audit", "at"))),
  /** Which dead letters were handled. */
  DEAD_LETTERS("dead-letters", List.of(new Held("dead_letter_handled", "handled_at")));

  /** A table holding this kind, and the column its rows are dated by. */
  public record Held(String table, String dated) {}

  private final String code;
  private final List<Held> tables;

  RetentionKind(String code, List<Held> tables) {
    this.code = code;
    this.tables = tables;
  }

  /** The kind as the settings and the purge log name it. */
  public String code() {
    return code;
  }

  /** Where the kind is held. */
  public List<Held> tables() {
    return tables;
  }
}
