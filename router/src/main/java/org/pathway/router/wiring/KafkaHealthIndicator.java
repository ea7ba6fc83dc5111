package org.pathway.router.wiring;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.pathway.kafkaedge.settings.KafkaClients;

/**
 * Readiness: the broker answers. A started route says nothing about whether its broker is there,
 * and a router that cannot reach Kafka should not be sent traffic or counted as serving.
 */
@Singleton
@Readiness
final class KafkaHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final String bootstrapServers;
  private final Admin admin;

  KafkaHealthIndicator(KafkaClients kafka) {
    this.bootstrapServers = kafka.settings().bootstrapServers();
    Map<String, Object> config = kafka.admin("health");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    this.admin = Admin.create(config);
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("bootstrapServers", bootstrapServers);
    try {
      var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
      details.put("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS));
      details.put("brokers", cluster.nodes().get(3, TimeUnit.SECONDS).size());
      healthStatus = HealthStatus.UP;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      details.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      healthStatus = HealthStatus.DOWN;
    }
    return details;
  }

  @Override
  protected String getName() {
    return "kafka";
  }

  @PreDestroy
  void close() {
    admin.close();
  }
}
