package org.pathway.fhiradapter.retention;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pathway.fhiradapter.config.RetentionConfig;
import org.pathway.fhiradapter.ledger.LedgerPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges, every {@code pathway.retention.purge-interval}, what has passed its retention period by
 * the clock (a test's own, in tests), a batch per transaction until a kind is done. Safe in every
 * adapter instance: batches skip rows another instance holds, and a repeat finds nothing.
 */
@Context
@Requires(property = "pathway.retention.enabled", notEquals = "false")
public class RetentionJob {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private final LedgerPurge purge;
  private final RetentionPolicy policy;
  private final int batchSize;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  public RetentionJob(LedgerPurge purge, RetentionConfig config, Clock clock) {
    this.purge = purge;
    this.policy = config.policy();
    this.batchSize = config.batchSize();
    this.clock = clock;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "retention-job");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, config.purgeInterval().toMillis());
    scheduler.scheduleWithFixedDelay(this::scheduled, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * One run: purges every kind past its cutoff now.
   *
   * @return the records purged, by kind
   */
  public Map<RetentionKind, Integer> runOnce() {
    Instant now = clock.instant();
    Map<RetentionKind, Integer> purged = new EnumMap<>(RetentionKind.class);
    policy
        .cutoffs(now)
        .forEach(
            (kind, cutoff) -> {
              int total = 0;
              int batch;
              do {
                batch = purge.purge(kind, cutoff, now, batchSize);
                total += batch;
              } while (batch >= batchSize);
              purged.put(kind, total);
            });
    return purged;
  }

  private synchronized void scheduled() {
    try {
      Map<RetentionKind, Integer> purged = runOnce();
      if (purged.values().stream().anyMatch(n -> n > 0)) {
        LOG.info("Retention: purged {}", purged);
      }
    } catch (RuntimeException e) {
      // A database outage must not end the schedule: the next run catches up.
      LOG.warn("Retention purge failed: {}", e.getMessage());
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
  }
}
