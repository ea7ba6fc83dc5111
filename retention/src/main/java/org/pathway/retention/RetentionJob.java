package org.pathway.retention;

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
 * tests), a batch per call of the service's {@link Purge} until a kind is done. Safe in every
 * instance of a service: the purge skips what another holds, and a repeat finds nothing.
 *
 * @param <K> the service's kinds of data
 */
public final class RetentionJob<K extends Enum<K>> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private final Purge<K> purge;
  private final Map<K, Duration> periods;
  private final Class<K> kinds;
  private final int batchSize;
  private final Clock clock;
  private ScheduledExecutorService scheduler;

  /**
   * @param periods how long each kind is kept; a kind not named is never purged
   * @param batchSize records per transaction
   */
  public RetentionJob(
      Purge<K> purge, Class<K> kinds, Map<K, Duration> periods, int batchSize, Clock clock) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("the batch size must be at least 1: " + batchSize);
    }
    this.purge = purge;
    this.kinds = kinds;
    this.periods = Map.copyOf(periods);
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** Runs the job every {@code interval} until closed. */
  public RetentionJob<K> every(Duration interval) {
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
   * @return the records purged, by kind
   */
  public synchronized Map<K, Integer> runOnce() {
    Instant now = clock.instant();
    Map<K, Integer> purged = new EnumMap<>(kinds);
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
      Map<K, Integer> purged = runOnce();
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
