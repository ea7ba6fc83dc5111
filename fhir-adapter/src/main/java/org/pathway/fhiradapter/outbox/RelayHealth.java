package org.pathway.fhiradapter.outbox;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Says which replica leads the outbox relay ({@code outboxRelay.role}: leader or stand-by) on
 * {@code /health} and {@code /health/readiness}, and on the leader how the other replicas' outbox
 * commits reach it ({@code otherReplicasCommits}: {@code heard} while its listening session is up,
 * {@code polled} while it is down and they wait for its idle poll). A stand-by is as ready as the
 * leader: it serves FHIR and takes over the relay when the leader's session ends.
 */
@Singleton
@Readiness
@Requires(beans = OutboxRelay.class)
public class RelayHealth extends AbstractHealthIndicator<Map<String, Object>> {

  private final OutboxRelay relay;

  public RelayHealth(OutboxRelay relay) {
    this.relay = relay;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus = HealthStatus.UP;
    Map<String, Object> details = new LinkedHashMap<>();
    boolean leading = relay.leading();
    details.put("role", leading ? "leader" : "stand-by");
    if (leading) {
      details.put("otherReplicasCommits", relay.hearsOtherReplicas() ? "heard" : "polled");
    }
    details.put("published", relay.published());
    return details;
  }

  @Override
  protected String getName() {
    return "outboxRelay";
  }
}
