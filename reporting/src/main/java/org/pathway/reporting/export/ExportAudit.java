package org.pathway.reporting.export;

import org.pathway.access.tokens.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit record of every export: who (client, token id), when (the log time and the job's
 * transaction time), which study, which job and what happened to it (kicked off, downloaded,
 * cancelled), on the {@code pathway.audit} logger beside reporting's refusals.
 */
public final class ExportAudit {

  private static final Logger AUDIT = LoggerFactory.getLogger("pathway.audit");

  /** Records one step of an export. */
  public void record(String what, Caller caller, ExportJob job, String detail) {
    AUDIT.info(
        "reporting export {} client={} token={} study={} job={} at={} {}",
        what,
        caller.clientId(),
        caller.tokenId(),
        job.study(),
        job.id(),
        job.transactionTime(),
        detail == null ? "" : detail);
  }
}
