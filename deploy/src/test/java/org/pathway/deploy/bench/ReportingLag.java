package org.pathway.deploy.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pathway.events.topics.Topics;

/**
 * Reporting's lag under B5 load: the referral events its Kafka Streams group has not committed yet,
 * sampled every {@link #EVERY} from the broker (the offsets reporting's own {@code
 * pathway_kafka_consumer_lag} gauge is read from) while the load runs and after it, until it is
 * back to zero. Committed offsets trail processing by up to one commit interval (1 s by default),
 * so that much lag is the floor, not a backlog.
 */
final class ReportingLag implements AutoCloseable {

  /** Reporting's consumer group: its Kafka Streams application id in dev mode. */
  static final String GROUP = "pathway-reporting";

  static final Duration EVERY = Duration.ofMillis(250);

  /** What one run saw. */
  record Seen(long max, long atLoadEnd, Duration backToZero) {
    @Override
    public String toString() {
      return "reporting lag (events not yet committed by "
          + GROUP
          + "): max "
          + max
          + ", "
          + atLoadEnd
          + " when the load ended, "
          + (backToZero == null
              ? "not back to 0"
              : "0 again " + backToZero.toMillis() + " ms later");
    }
  }

  private final GroupLag lag;
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "b5-reporting-lag");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong max = new AtomicLong();
  private volatile long atLoadEnd;
  private volatile long loadEndedAt;
  private volatile long zeroAfterLoad;

  ReportingLag(GroupLag lag) {
    this.lag = lag;
    sampler.scheduleWithFixedDelay(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts a run: forgets the previous run's maximum. */
  void reset() {
    max.set(0);
    loadEndedAt = 0;
    zeroAfterLoad = 0;
  }

  /** The load has ended now: the lag at this moment is kept; the sampler watches for zero. */
  void loadEnded() throws InterruptedException {
    atLoadEnd = current();
    loadEndedAt = System.nanoTime();
    if (atLoadEnd == 0) {
      zeroAfterLoad = loadEndedAt;
    }
  }

  /** The run's figures, waiting at most {@code limit} after the load ended for the lag to be 0. */
  Seen seen(Duration limit) throws InterruptedException {
    while (zeroAfterLoad == 0 && System.nanoTime() < loadEndedAt + limit.toNanos()) {
      Thread.sleep(EVERY.toMillis());
    }
    Duration back = zeroAfterLoad == 0 ? null : Duration.ofNanos(zeroAfterLoad - loadEndedAt);
    return new Seen(max.get(), atLoadEnd, back);
  }

  private long current() throws InterruptedException {
    long now = lag.of(GROUP, Topics.REFERRAL_EVENTS.name());
    max.accumulateAndGet(now, Math::max);
    if (now == 0 && loadEndedAt != 0 && zeroAfterLoad == 0) {
      zeroAfterLoad = System.nanoTime();
    }
    return now;
  }

  private void sample() {
    try {
      current();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the broker busy or restarting: the next sample tries again
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
