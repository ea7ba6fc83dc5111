package org.pathway.fhiradapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.sla.SlaStep;

class SlaConfigTest {

  private static SlaConfig config(Duration accept, String overrides) {
    return new SlaConfig(
        true,
        Duration.ofMinutes(1),
        500,
        accept,
        Duration.ofDays(5),
        Duration.ofDays(14),
        Duration.ofDays(84),
        overrides);
  }

  @Test
  void refusesANonPositiveStepDurationNamingTheSetting() {
    assertThatThrownBy(() -> config(Duration.ZERO, null))
        .hasMessageContaining("pathway.sla.accept-within (SLA_ACCEPT_WITHIN)");
    assertThatThrownBy(() -> config(null, null)).hasMessageContaining("SLA_ACCEPT_WITHIN");
  }

  @Test
  void refusesOverridesItCannotReadNamingTheSetting() {
    assertThatThrownBy(() -> config(Duration.ofDays(5), "lw-north:accpet=1d"))
        .hasMessageContaining("pathway.sla.service-due-times (SLA_SERVICE_DUE_TIMES)")
        .hasMessageContaining("'accpet'");
  }

  @Test
  void givesEachStepItsDurationAndEachServiceItsOverrides() {
    var due = config(Duration.ofDays(3), "lw-north:accept=1d").dueTimes();
    Instant t0 = Instant.parse("2026-11-20T09:00:00Z");
    assertThat(due.dueAt(SlaStep.ACCEPT, new Reference("HealthcareService/lw-south"), t0))
        .isEqualTo(t0.plus(Duration.ofDays(3)));
    assertThat(due.dueAt(SlaStep.ACCEPT, new Reference("HealthcareService/lw-north"), t0))
        .isEqualTo(t0.plus(Duration.ofDays(1)));
    assertThat(due.dueAt(SlaStep.COMPLETION, null, t0)).isEqualTo(t0.plus(Duration.ofDays(84)));
  }
}
