package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void allowsAnAddressItsFormsPerWindowThenRefusesUntilTheNextWindow() {
    RateLimit limit = new RateLimit(3, Duration.ofHours(1));

    assertThat(limit.allow("203.0.113.9", NOW)).isTrue();
    assertThat(limit.allow("203.0.113.9", NOW.plusSeconds(1))).isTrue();
    assertThat(limit.allow("203.0.113.9", NOW.plusSeconds(2))).isTrue();
    assertThat(limit.allow("203.0.113.9", NOW.plusSeconds(3))).isFalse();
    assertThat(limit.allow("203.0.113.9", NOW.plusSeconds(4))).isFalse();
    // another address is counted apart
    assertThat(limit.allow("198.51.100.7", NOW.plusSeconds(5))).isTrue();
    // the next window starts afresh
    assertThat(limit.allow("203.0.113.9", NOW.plus(Duration.ofHours(1)))).isTrue();
  }
}
