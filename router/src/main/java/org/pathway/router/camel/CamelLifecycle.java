package org.pathway.router.camel;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the CamelContext when Micronaut has started and stops it first on shutdown. */
@Singleton
final class CamelLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(CamelLifecycle.class);

  private final CamelContext camel;

  CamelLifecycle(CamelContext camel) {
    this.camel = camel;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    camel.start();
    LOG.info(
        "Camel {} started with routes {}",
        camel.getName(),
        camel.getRoutes().stream().map(r -> r.getRouteId()).toList());
  }

  @EventListener
  void onShutdown(ShutdownEvent event) {
    // Stop consuming before Micronaut closes the producer and the database under the routes.
    camel.stop();
  }
}
