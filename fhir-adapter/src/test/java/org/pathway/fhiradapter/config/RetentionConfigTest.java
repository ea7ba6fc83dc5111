package org.pathway.fhiradapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.retention.RetentionKind;

class RetentionConfigTest {

  private static RetentionConfig config(Duration consumedEvents, Duration deadLetters) {
    return new RetentionConfig(
        true,
        Duration.ofHours(1),
        500,
        Duration.ofDays(2922),
        Duration.ofDays(2922),
        Duration.ofDays(2922),
        consumedEvents,
        deadLetters);
  }

  @Test
  void refusesToForgetConsumedEventIdsWhileTheirTopicStillHoldsTheEvents() {
    assertThatThrownBy(() -> config(Duration.ofDays(7), Duration.ofDays(30)))
        .hasMessageContaining("pathway.retention.consumed-events (RETENTION_CONSUMED_EVENTS)")
        .hasMessageContaining("14d");
  }

  @Test
  void refusesToForgetHandledDeadLettersWhileTheirTopicStillHoldsThem() {
    assertThatThrownBy(() -> config(Duration.ofDays(30), Duration.ofDays(10)))
        .hasMessageContaining("pathway.retention.dead-letters (RETENTION_DEAD_LETTERS)")
        .hasMessageContaining("30d");
  }

  @Test
  void eachKindsCutoffIsItsPeriodBeforeNow() {
    Instant now = Instant.parse("2034-12-01T00:00:00Z");

    var cutoffs = config(Duration.ofDays(30), Duration.ofDays(30)).policy().cutoffs(now);

    assertThat(cutoffs.get(RetentionKind.REFERRAL_HISTORY))
        .isEqualTo(now.minus(Duration.ofDays(2922)));
    assertThat(cutoffs.get(RetentionKind.CONSUMED_EVENTS))
        .isEqualTo(now.minus(Duration.ofDays(30)));
    assertThat(cutoffs).containsOnlyKeys(RetentionKind.values());
  }
}
