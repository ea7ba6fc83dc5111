package org.pathway.fhiradapter.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * Ledger settings ({@code pathway.ledger.*}); beside the ledger, which is its only reader.
 *
 * @param firstStepSla how long the receiving service has to act on a new referral (the first Task's
 *     {@code restriction.period.end})
 */
@ConfigurationProperties("pathway.ledger")
public record LedgerConfig(Duration firstStepSla) {

  public LedgerConfig {
    Setting.of("pathway.ledger.first-step-sla", "LEDGER_FIRST_STEP_SLA").positive(firstStepSla);
  }
}
