package org.pathway.deadletters.desk;

import java.time.Instant;

/**
 * How a dead letter was handled, once and for all: replayed (to {@code replayedTo}, as replay
 * {@code replayId}) or discarded, by whom, when and why.
 */
public record Handling(
    String deadLetterId,
    Action action,
    String operator,
    Instant at,
    String reason,
    String replayId,
    String replayedTo) {

  /** What an operator did with a dead letter. */
  public enum Action {
    REPLAYED,
    DISCARDED
  }
}
