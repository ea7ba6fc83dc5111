package org.pathway.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.convert.ConversionService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pathway.router.TestLinks;

class LinksConfigTest {

  @Test
  void theLifetimeIsReadInEitherDurationForm() {
    // LINK_LIFETIME=14d as the other settings are written, or P14D as ISO-8601 writes it.
    for (String written : new String[] {"14d", "P14D"}) {
      assertThat(ConversionService.SHARED.convert(written, Duration.class))
          .as(written)
          .contains(Duration.ofDays(14));
    }
  }

  @Test
  void neverShowsTheKeysWhenPrinted() {
    LinksConfig config =
        new LinksConfig(TestLinks.KEYS, "https://portal.test", Duration.ofDays(14));
    assertThat(config.toString())
        .doesNotContain(TestLinks.KEYS.substring("test:".length()))
        .contains("test")
        .contains("14d");
  }

  @Test
  void thePortalBaseLosesATrailingSlash() {
    assertThat(
            new LinksConfig(
                    TestLinks.KEYS, "https://portal.example.org/pathway/", Duration.ofDays(1))
                .portalUrl())
        .isEqualTo("https://portal.example.org/pathway");
  }
}
