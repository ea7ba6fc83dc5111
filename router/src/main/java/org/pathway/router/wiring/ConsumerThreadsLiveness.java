package org.pathway.router.wiring;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.pathway.router.routes.ReferralEventRoutes;

/**
 * Liveness: DOWN when a referral-events consumer thread ended on an error it could not retry. Its
 * poll loop retries everything it knows how to; one that still ends leaves a router that looks
 * started but reads fewer partitions than it holds, which only a restart cures.
 */
@Singleton
@Liveness
final class ConsumerThreadsLiveness extends AbstractHealthIndicator<Map<String, Object>> {

  private final ReferralEventRoutes routes;

  ConsumerThreadsLiveness(ReferralEventRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    int died = routes.consumerThreadsDied();
    healthStatus = died == 0 ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of("consumerThreadsDied", died);
  }

  @Override
  protected String getName() {
    return "referral-events-consumers";
  }
}
