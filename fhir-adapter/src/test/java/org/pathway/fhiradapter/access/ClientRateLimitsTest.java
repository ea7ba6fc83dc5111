package org.pathway.fhiradapter.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimitsTest {

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final ClientRateLimits limits =
      new ClientRateLimits(id -> Map.of("slow", 2).getOrDefault(id, 10), now::get);

  @Test
  void aClientMayBurstOneSecondsWorthThenWaits() {
    for (int i = 0; i < 10; i++) {
      assertThat(limits.take("gp")).as("request " + i).isZero();
    }
    Duration wait = limits.take("gp");
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
  }

  @Test
  void tokensComeBackAtTheClientsRate() {
    for (int i = 0; i < 2; i++) {
      limits.take("slow");
    }
    assertThat(limits.take("slow")).isPositive();
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(limits.take("slow")).isZero();
    assertThat(limits.take("slow")).isPositive();
  }

  @Test
  void oneClientsFloodLeavesAnotherUntouched() {
    for (int i = 0; i < 100; i++) {
      limits.take("flooder");
    }
    assertThat(limits.take("flooder")).isPositive();
    assertThat(limits.take("neighbour")).isZero();
  }
}
