package org.pathway.notifier.wiring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.pathway.notifier.consume.ClosureConsumer;
import org.pathway.notifier.consume.RequestConsumer;
import org.pathway.notifier.delivery.Delivery.Status;
import org.pathway.notifier.delivery.DeliveryStore;
import org.pathway.notifier.delivery.DeliveryWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the worker before intake (so work recorded by a previous process resumes at once) and
 * stops intake before the worker, so nothing is taken in that cannot be recorded.
 */
@Singleton
public class NotifierLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(NotifierLifecycle.class);

  private final DeliveryWorker worker;
  private final RequestConsumer consumer;
  private final ClosureConsumer closures;

  public NotifierLifecycle(
      DeliveryWorker worker,
      RequestConsumer consumer,
      ClosureConsumer closures,
      DeliveryStore store,
      MeterRegistry meters) {
    this.worker = worker;
    this.consumer = consumer;
    this.closures = closures;
    for (Status s : Status.values()) {
      Gauge.builder("notifier.deliveries", store, st -> st.countByStatus().get(s))
          .tag("status", s.name())
          .description("Deliveries in the log by status")
          .register(meters);
    }
  }

  @EventListener
  void onStartup(StartupEvent event) {
    worker.start();
    closures.start();
    consumer.start();
    LOG.info("notifier started: delivery worker and request intake running");
  }

  @EventListener
  void onShutdown(ShutdownEvent event) {
    consumer.close();
    closures.close();
    worker.close();
  }
}
