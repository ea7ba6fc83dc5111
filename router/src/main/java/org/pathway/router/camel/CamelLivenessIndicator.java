package org.pathway.router.camel;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * Liveness: DOWN only when the CamelContext has stopped or failed, which a restart can cure; a
 * route still starting is a readiness matter, not a reason to kill the process.
 */
@Singleton
@Liveness
final class CamelLivenessIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final CamelContext camel;

  CamelLivenessIndicator(CamelContext camel) {
    this.camel = camel;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    var status = camel.getStatus();
    healthStatus =
        status.isStopped() || status.name().startsWith("Failed")
            ? HealthStatus.DOWN
            : HealthStatus.UP;
    return Map.of("context", status.name());
  }

  @Override
  protected String getName() {
    return "camel-liveness";
  }
}
