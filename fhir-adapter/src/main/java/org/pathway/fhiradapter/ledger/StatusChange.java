package org.pathway.fhiradapter.ledger;

import java.time.Instant;

/**
 * One recorded status change of a Task (a row of {@code provenance}), as a caller may see it: the
 * version it produced, when, from and to which status, who made it and why.
 *
 * @param taskId the Task
 * @param taskVersion the Task version the change produced
 * @param recordedAt when the ledger recorded it
 * @param fromStatus the status before (FHIR code), or null when the Task was created
 * @param toStatus the status after (FHIR code)
 * @param actor who made it, as recorded: a client id, {@code <organisation> via signed link <link
 *     id> (<client>)}, or a part of Pathway ({@code router}, {@code notifier}...); null if unknown
 * @param reason why (the status reason's text), or null; always null for a caller without clinical
 *     sight, since a clinician may have typed it
 * @param referralId the ServiceRequest the Task fulfils
 */
public record StatusChange(
    String taskId,
    int taskVersion,
    Instant recordedAt,
    String fromStatus,
    String toStatus,
    String actor,
    String reason,
    String referralId) {

  /** The id a Provenance built from this change has: {@code <task id>-<version>}. */
  public String provenanceId() {
    return taskId + "-" + taskVersion;
  }

  /** This change without its reason. */
  public StatusChange withoutReason() {
    return new StatusChange(
        taskId, taskVersion, recordedAt, fromStatus, toStatus, actor, null, referralId);
  }
}
