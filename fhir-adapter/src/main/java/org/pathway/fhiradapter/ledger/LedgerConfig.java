package org.pathway.fhiradapter.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Ledger settings ({@code pathway.ledger.*}), checked at start-up.
 *
 * @param firstStepSla how long the receiving service has to act on a new referral: the first Task
 *     step's due time ({@code FIRST_STEP_SLA})
 */
@ConfigurationProperties("pathway.ledger")
public record LedgerConfig(Duration firstStepSla) {

  public LedgerConfig {
    if (firstStepSla == null || firstStepSla.isNegative() || firstStepSla.isZero()) {
      throw new IllegalArgumentException(
          "pathway.ledger.first-step-sla (FIRST_STEP_SLA) must be a positive duration, e.g. 5d;"
              + " got "
              + firstStepSla);
    }
  }
}
