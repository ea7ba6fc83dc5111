package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LedgerConfigTest {

  @Test
  void refusesANonPositiveFirstStepSlaNamingTheSetting() {
    assertThatThrownBy(() -> new LedgerConfig(Duration.ZERO))
        .hasMessageContaining("pathway.ledger.first-step-sla (FIRST_STEP_SLA)");
    assertThatThrownBy(() -> new LedgerConfig(null)).hasMessageContaining("FIRST_STEP_SLA");
    assertThat(new LedgerConfig(Duration.ofDays(5)).firstStepSla()).isEqualTo(Duration.ofDays(5));
  }
}
