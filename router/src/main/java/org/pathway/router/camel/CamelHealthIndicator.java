package org.pathway.router.camel;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * Readiness: UP when the CamelContext and every route are started; DOWN otherwise, naming the
 * laggards.
 */
@Singleton
@Readiness
final class CamelHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final CamelContext camel;

  CamelHealthIndicator(CamelContext camel) {
    this.camel = camel;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("context", camel.getStatus().name());
    boolean up = camel.getStatus().isStarted();
    for (Route route : camel.getRoutes()) {
      var status = camel.getRouteController().getRouteStatus(route.getRouteId());
      details.put(route.getRouteId(), status == null ? "UNKNOWN" : status.name());
      up &= status != null && status.isStarted();
    }
    healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
    return details;
  }

  @Override
  protected String getName() {
    return "camel";
  }
}
