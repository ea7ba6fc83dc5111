package org.pathway.reporting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pathway.servicesettings.InvalidSettingException;

class StreamsConfigTest {

  @Test
  void keepsAsManyJourneysPerTaskAsConfigured() {
    var config =
        new StreamsConfig("pathway-reporting", "/tmp/state", Duration.ofSeconds(1), 1, 50_000);

    assertThat(config.keptJourneys()).isEqualTo(50_000);
  }

  @Test
  void aTaskKeepsAtLeastOneJourneyAndTheRefusalNamesTheSetting() {
    assertThatThrownBy(
            () -> new StreamsConfig("pathway-reporting", "/tmp/state", Duration.ofSeconds(1), 1, 0))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("REPORTING_KEPT_JOURNEYS")
        .hasMessageContaining("pathway.streams.kept-journeys");
  }
}
