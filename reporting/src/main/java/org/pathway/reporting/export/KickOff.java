package org.pathway.reporting.export;

/**
 * What a kick-off came to: a job started, or none because the same evaluator's earlier job is still
 * running (one export at a time per evaluator, so one client cannot fill the worker's queue or this
 * instance's memory with extracts).
 */
public sealed interface KickOff {

  /** The job, running. */
  record Started(ExportJob job) implements KickOff {}

  /** Nothing started: {@code running} is the evaluator's job still being made. */
  record Busy(ExportJob running) implements KickOff {}
}
