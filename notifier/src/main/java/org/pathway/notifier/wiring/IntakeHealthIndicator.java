package org.pathway.notifier.wiring;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pathway.notifier.consume.RequestConsumer;
import org.pathway.notifier.delivery.DeliveryWorker;

/** Ready when intake polls Kafka and can record what it reads, and the worker loop runs. */
@Singleton
@Readiness
public class IntakeHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final RequestConsumer consumer;
  private final DeliveryWorker worker;

  public IntakeHealthIndicator(RequestConsumer consumer, DeliveryWorker worker) {
    this.consumer = consumer;
    this.worker = worker;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    boolean intake = consumer.healthy(Duration.ofSeconds(30));
    boolean delivering = worker.isRunning();
    healthStatus = intake && delivering ? HealthStatus.UP : HealthStatus.DOWN;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("intake", intake ? "UP" : "DOWN");
    details.put("deliveryWorker", delivering ? "UP" : "DOWN");
    if (consumer.lastError() != null) {
      details.put("lastError", consumer.lastError());
    }
    return details;
  }

  @Override
  protected String getName() {
    return "notifier";
  }
}
