package org.pathway.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetentionJobTest {

  enum Kind {
    HISTORY,
    DELIVERY_LOG,
    AUDIT
  }

  static final Instant NOW = Instant.parse("2034-12-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  record Call(Kind kind, Instant cutoff, Instant now, int limit) {}

  @Test
  void eachNamedKindIsPurgedInBatchesUntilABatchComesBackShort() {
    // given 7 delivery-log records past their period and none of the history's
    List<Call> calls = new ArrayList<>();
    AtomicInteger left = new AtomicInteger(7);
    Purge<Kind> purge =
        (kind, cutoff, now, limit) -> {
          calls.add(new Call(kind, cutoff, now, limit));
          return kind == Kind.DELIVERY_LOG ? Math.min(limit, left.getAndAdd(-limit)) : 0;
        };
    var job =
        new RetentionJob<>(
            purge,
            Kind.class,
            Map.of(Kind.HISTORY, Duration.ofDays(2922), Kind.DELIVERY_LOG, Duration.ofDays(90)),
            3,
            CLOCK);

    // when it runs
    Map<Kind, Integer> purged = job.runOnce();

    // then batches of 3, 3, 1 for the log, one empty batch for the history, nothing for audit
    assertThat(purged).containsOnly(Map.entry(Kind.HISTORY, 0), Map.entry(Kind.DELIVERY_LOG, 7));
    assertThat(calls.stream().filter(c -> c.kind() == Kind.DELIVERY_LOG)).hasSize(3);
    assertThat(calls)
        .filteredOn(c -> c.kind() == Kind.DELIVERY_LOG)
        .allSatisfy(
            c -> {
              assertThat(c.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(90)));
              assertThat(c.now()).isEqualTo(NOW);
              assertThat(c.limit()).isEqualTo(3);
            });
    assertThat(calls)
        .filteredOn(c -> c.kind() == Kind.HISTORY)
        .extracting(Call::cutoff)
        .containsExactly(NOW.minus(Duration.ofDays(2922)));
  }

  @Test
  void aFailedRunDoesNotEndTheSchedule() throws Exception {
    // given a purge whose database is down the first time
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch secondRun = new CountDownLatch(2);
    Purge<Kind> purge =
        (kind, cutoff, now, limit) -> {
          secondRun.countDown();
          if (runs.incrementAndGet() == 1) {
            throw new IllegalStateException("database unavailable");
          }
          return 0;
        };

    // when it runs on a schedule, then it runs again after the failure
    try (var job =
        new RetentionJob<>(purge, Kind.class, Map.of(Kind.AUDIT, Duration.ofDays(1)), 10, CLOCK)
            .every(Duration.ofMillis(10))) {
      assertThat(secondRun.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void refusesABatchSizeBelowOne() {
    assertThatThrownBy(() -> new RetentionJob<>((k, c, n, l) -> 0, Kind.class, Map.of(), 0, CLOCK))
        .hasMessageContaining("batch size");
  }
}
