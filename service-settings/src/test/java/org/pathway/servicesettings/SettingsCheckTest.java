package org.pathway.servicesettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {

  /** What a service's application.yml declares: every setting, its variable and its default. */
  private static Map<String, Object> declared() {
    Map<String, Object> p = new HashMap<>();
    p.put("pathway.sample.batch-size", "${SAMPLE_BATCH_SIZE:50}");
    p.put("pathway.sample.interval", "${SAMPLE_INTERVAL:15s}");
    p.put("pathway.sample.multiplier", "${SAMPLE_MULTIPLIER:2.0}");
    p.put("pathway.sample.name", "${SAMPLE_NAME:x}");
    return p;
  }

  private static ApplicationContext start(Map<String, Object> variables) {
    Map<String, Object> p = declared();
    p.putAll(variables);
    return ApplicationContext.run(p);
  }

  @Test
  void buildsEveryConfigurationRecordAtStartUpFromTheDefaults() {
    try (ApplicationContext context = start(Map.of())) {
      assertThat(context.getBean(SettingsCheck.class).checked()).contains(SampleConfig.class);
      SampleConfig sample = context.getBean(SampleConfig.class);
      assertThat(sample.batchSize()).isEqualTo(50);
      assertThat(sample.interval()).isEqualTo(Duration.ofSeconds(15));
    }
  }

  @Test
  void anEmptyOptionalSettingIsUnsetNotWrong() {
    try (ApplicationContext context = start(Map.of("SAMPLE_INTERVAL", "", "SAMPLE_NAME", ""))) {
      assertThat(context.getBean(SampleConfig.class).interval()).isNull();
    }
  }

  @Test
  void anEmptyRequiredNumberStopsStartUp() {
    assertThatThrownBy(() -> start(Map.of("SAMPLE_MULTIPLIER", "")))
        .rootCause()
        .hasMessage("pathway.sample.multiplier (SAMPLE_MULTIPLIER) must be set");
  }

  @Test
  void aValueThatIsNotANumberStopsStartUpNamingTheSettingItsVariableAndTheValue() {
    assertThatThrownBy(() -> start(Map.of("SAMPLE_MULTIPLIER", "abc")))
        .rootCause()
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "pathway.sample.multiplier (SAMPLE_MULTIPLIER) is 'abc', which is not a number");
  }

  @Test
  void aDurationWithoutUnitsOrNonsenseStopsStartUp() {
    assertThatThrownBy(() -> start(Map.of("SAMPLE_INTERVAL", "soon")))
        .rootCause()
        .hasMessageStartingWith(
            "pathway.sample.interval (SAMPLE_INTERVAL) is 'soon', which is not a duration");
  }

  @Test
  void aValueTheRecordRefusesStopsStartUpWithTheRecordsMessage() {
    assertThatThrownBy(() -> start(Map.of("SAMPLE_BATCH_SIZE", "0")))
        .rootCause()
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("pathway.sample.batch-size (SAMPLE_BATCH_SIZE) must be at least 1, not 0");
  }

  @Test
  void showsDurationsAsTheyAreWritten() {
    assertThat(Setting.show(Duration.ofMillis(10))).isEqualTo("10ms");
    assertThat(Setting.show(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Setting.show(Duration.ofDays(14))).isEqualTo("14d");
    assertThat(Setting.show(Duration.ZERO)).isEqualTo("0ms");
  }

  @Test
  void namesSettingsAsTheyAreSpelledInApplicationYml() {
    assertThat(SettingsCheck.kebab("initialBackoff")).isEqualTo("initial-backoff");
    assertThat(SettingsCheck.kebab("maxBytes")).isEqualTo("max-bytes");
    assertThat(SettingsCheck.kebab("port")).isEqualTo("port");
  }
}
