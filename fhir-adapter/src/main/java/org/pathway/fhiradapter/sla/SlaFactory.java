package org.pathway.fhiradapter.sla;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.pathway.fhiradapter.config.SlaConfig;

/**
 * The SLA watch's clock and the steps' due times as beans. Tests register a {@link Clock} of their
 * own and move it; production has the system clock.
 */
@Factory
public class SlaFactory {

  @Singleton
  @Requires(missingBeans = Clock.class)
  Clock systemClock() {
    return Clock.systemUTC();
  }

  @Singleton
  StepDueTimes stepDueTimes(SlaConfig sla) {
    return sla.dueTimes();
  }
}
