package org.pathway.notifier.wiring;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.pathway.notifier.consume.RequestConsumer;
import org.pathway.notifier.delivery.DeliveryWorker;

/**
 * Ready when the broker answers, intake polls and can record what it reads, and the worker loop
 * runs. A consumer alone cannot say: its poll returns nothing, not an error, when the broker is
 * gone, so the cluster is asked directly.
 */
@Singleton
@Readiness
public class IntakeHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final RequestConsumer consumer;
  private final DeliveryWorker worker;
  private final Admin admin;

  public IntakeHealthIndicator(RequestConsumer consumer, DeliveryWorker worker, Admin admin) {
    this.consumer = consumer;
    this.worker = worker;
    this.admin = admin;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    boolean intake = consumer.healthy(Duration.ofSeconds(30));
    boolean delivering = worker.isRunning();
    String broker = brokerError();
    healthStatus = intake && delivering && broker == null ? HealthStatus.UP : HealthStatus.DOWN;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kafka", broker == null ? "UP" : broker);
    details.put("intake", intake ? "UP" : "DOWN");
    details.put("deliveryWorker", delivering ? "UP" : "DOWN");
    if (consumer.lastError() != null) {
      details.put("lastError", consumer.lastError());
    }
    return details;
  }

  private String brokerError() {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
          .nodes()
          .get(3, TimeUnit.SECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (Exception e) {
      return "DOWN: " + e.getClass().getSimpleName();
    }
  }

  @Override
  protected String getName() {
    return "notifier";
  }
}
