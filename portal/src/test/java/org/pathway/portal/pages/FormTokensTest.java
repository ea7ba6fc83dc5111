package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormTokensTest {

  private static final Instant SHOWN = Instant.parse("2026-12-01T10:00:00Z");
  private final FormTokens tokens = new FormTokens(new byte[32], Duration.ofHours(2));

  @Test
  void acceptsAFormItShowedWhileItIsFresh() {
    String token = tokens.issue(SHOWN);

    assertThat(tokens.check(token, SHOWN.plus(Duration.ofMinutes(30)))).isPresent();
    assertThat(tokens.check(token, SHOWN.plus(Duration.ofMinutes(30))))
        .isEqualTo(tokens.check(token, SHOWN));
    assertThat(tokens.issue(SHOWN)).isNotEqualTo(token);
  }

  @Test
  void refusesAnOldAForgedOrAnotherPortalsToken() {
    String token = tokens.issue(SHOWN);
    String[] parts = token.split("\\.");

    assertThat(tokens.check(token, SHOWN.plus(Duration.ofHours(3)))).isEmpty();
    assertThat(
            tokens.check(parts[0] + "." + (SHOWN.getEpochSecond() + 3600) + "." + parts[2], SHOWN))
        .isEmpty();
    byte[] other = new byte[32];
    other[0] = 1;
    assertThat(new FormTokens(other, Duration.ofHours(2)).check(token, SHOWN)).isEmpty();
    assertThat(tokens.check("", SHOWN)).isEmpty();
    assertThat(tokens.check(null, SHOWN)).isEmpty();
  }
}
