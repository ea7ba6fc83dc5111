package org.pathway.notifier.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges, every interval, what has passed its retention period by the clock (a test's own, in
 * tests), a batch per transaction until a kind is done. Safe in every notifier instance.
 */
public final class RetentionJob implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private final RetentionPurge purge;
  private final Map<RetentionKind, Duration> periods;
  private final int batchSize;
  private final Clock clock;
  private ScheduledExecutorService scheduler;

  public RetentionJob(
      RetentionPurge purge, Map<RetentionKind, Duration> periods, int batchSize, Clock clock) {
    this.purge = purge;
    this.periods = Map.copyOf(periods);
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** Runs the job every {@code interval} until closed. */
  public RetentionJob every(Duration interval) {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "retention-job");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::scheduled, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * One run: purges every kind past its period now.
   *
   * @return the rows purged, by kind
   */
  public Map<RetentionKind, Integer> runOnce() {
    Instant now = clock.instant();
    Map<RetentionKind, Integer> purged = new EnumMap<>(RetentionKind.class);
    periods.forEach(
        (kind, period) -> {
          Instant cutoff = now.minus(period);
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

  private void scheduled() {
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

  @Override
  public void close() throws InterruptedException {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
