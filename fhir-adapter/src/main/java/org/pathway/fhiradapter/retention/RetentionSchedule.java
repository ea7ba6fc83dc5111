package org.pathway.fhiradapter.retention;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.Map;
import org.pathway.fhiradapter.config.RetentionConfig;
import org.pathway.fhiradapter.ledger.LedgerPurge;
import org.pathway.retention.RetentionJob;

/**
 * The ledger's retention job, run every {@code pathway.retention.purge-interval} by the clock (a
 * test's own, in tests), the ledger's own purge removing or pseudonymising each batch. Safe in
 * every adapter instance: batches skip rows another instance holds, and a repeat finds nothing.
 */
@Context
@Requires(property = "pathway.retention.enabled", notEquals = "false")
public class RetentionSchedule {

  private final RetentionJob<RetentionKind> job;

  public RetentionSchedule(LedgerPurge purge, RetentionConfig config, Clock clock) {
    this.job =
        new RetentionJob<>(
                purge::purge,
                RetentionKind.class,
                config.policy().periods(),
                config.batchSize(),
                clock)
            .every(config.purgeInterval());
  }

  /**
   * One run now, beside the schedule.
   *
   * @return the records purged, by kind
   */
  public Map<RetentionKind, Integer> runOnce() {
    return job.runOnce();
  }

  @PreDestroy
  void stop() throws InterruptedException {
    job.close();
  }
}
