package org.pathway.reporting.export;

import java.time.Instant;
import java.util.Map;

/**
 * One export: who asked, for which study, when, in which format, and — once done — its files by
 * type and when it will be forgotten. Immutable; {@link ExportJobs} swaps a running job for its
 * finished one.
 *
 * @param id the job's id (random, unguessable: it is in the status URL)
 * @param clientId the evaluator that kicked it off; only it may poll, download or cancel
 * @param study the study the pseudonyms belong to
 * @param request the kick-off request's URL, for the manifest
 * @param transactionTime when the journeys were read (the manifest's {@code transactionTime})
 * @param format NDJSON or CSV
 * @param files the files by type, null while running
 * @param error why it failed, or null
 * @param expires when a finished job is forgotten; null while running (a running job never is)
 */
public record ExportJob(
    String id,
    String clientId,
    String study,
    String request,
    Instant transactionTime,
    ExportFiles.Format format,
    Map<String, String> files,
    String error,
    Instant expires) {

  /** Whether it has finished (with files or an error). */
  public boolean done() {
    return files != null || error != null;
  }

  /** Whether it finished and its time to be kept is over at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expires != null && !now.isBefore(expires);
  }

  /** This job finished with {@code files} or {@code error}, to be kept until {@code expires}. */
  ExportJob finished(Map<String, String> files, String error, Instant expires) {
    return new ExportJob(
        id, clientId, study, request, transactionTime, format, files, error, expires);
  }
}
