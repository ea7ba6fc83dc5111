package org.pathway.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pathway.notifier.delivery.RetryPolicy.GiveUp;
import org.pathway.notifier.delivery.RetryPolicy.RetryAt;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30), Duration.ofHours(24));
  private final Instant received = Instant.parse("2026-11-22T09:00:00Z");

  @Test
  void backsOffExponentiallyUpToTheCap() {
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(policy.backoff(20)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void retriesAfterTheBackoffWithinTheHorizon() {
    Instant now = received.plusSeconds(5);
    assertThat(policy.afterFailure(1, received, now)).isEqualTo(new RetryAt(now.plusSeconds(30)));
  }

  @Test
  void makesTheLastTryAtTheHorizonThenGivesUp() {
    Instant nearlyThere = received.plus(Duration.ofHours(24)).minusSeconds(10);
    assertThat(policy.afterFailure(40, received, nearlyThere))
        .isEqualTo(new RetryAt(received.plus(Duration.ofHours(24))));
    assertThat(policy.afterFailure(41, received, received.plus(Duration.ofHours(24))))
        .isInstanceOf(GiveUp.class);
  }
}
