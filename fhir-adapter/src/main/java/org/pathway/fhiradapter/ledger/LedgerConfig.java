package org.pathway.fhiradapter.ledger;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Ledger settings: the SLA that sets the first Task step's due time. */
@Singleton
public class LedgerConfig {

  private final Duration firstStepSla;

  public LedgerConfig(@Value("${pathway.ledger.first-step-sla:5d}") Duration firstStepSla) {
    this.firstStepSla = firstStepSla;
  }

  /** How long the receiving service has to act on a new referral. */
  public Duration firstStepSla() {
    return firstStepSla;
  }
}
