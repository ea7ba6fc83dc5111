package org.pathway.fhiradapter.sla;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pathway.fhiradapter.config.SlaConfig;
import org.pathway.fhiradapter.ledger.OverdueScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the ledger every {@code pathway.sla.scan-interval} for open Tasks past their due time and
 * lets the ledger's {@link OverdueScan} announce each once ({@code ReferralOverdue} through the
 * outbox). What to do about a late step is the router's decision; this only tells it. Safe to run
 * in every adapter instance.
 */
@Context
@Requires(property = "pathway.sla.enabled", notEquals = "false")
public class SlaWatch {

  private static final Logger LOG = LoggerFactory.getLogger(SlaWatch.class);

  private final OverdueScan overdue;
  private final Clock clock;
  private final int batchSize;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong scans = new AtomicLong();
  private final Counter flaggedCounter;

  public SlaWatch(OverdueScan overdue, SlaConfig sla, MeterRegistry meters, Clock clock) {
    Duration interval = sla.scanInterval();
    this.overdue = overdue;
    this.clock = clock;
    this.flaggedCounter =
        Counter.builder("pathway.sla.overdue.flagged")
            .description("Tasks announced as overdue (one per Task per due time)")
            .register(meters);
    this.batchSize = sla.batchSize();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sla-watch");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::scan, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One scan: flags every Task overdue now (by the clock), a batch at a time. */
  void scan() {
    try {
      Instant now = clock.instant();
      int flagged;
      int total = 0;
      do {
        flagged = overdue.flagOverdue(now, batchSize).size();
        total += flagged;
      } while (flagged == batchSize);
      if (total > 0) {
        flaggedCounter.increment(total);
        LOG.info("SLA watch: {} Task(s) overdue", total);
      }
      scans.incrementAndGet();
    } catch (RuntimeException e) {
      // A database outage must not end the schedule: the next scan catches up.
      LOG.warn("SLA watch scan failed: {}", e.getMessage());
    }
  }

  /** Scans completed without error since start, for health checks and tests. */
  public long completedScans() {
    return scans.get();
  }

  @PreDestroy
  void stop() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
  }
}
