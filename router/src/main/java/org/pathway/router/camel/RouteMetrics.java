package org.pathway.router.camel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Camel exchange outcomes as Micrometer meters (camel-micrometer is not available at this Camel
 * version): {@code router.exchanges} counted and timed by route id and outcome.
 */
final class RouteMetrics extends EventNotifierSupport {

  /** Meter name, tagged {@code route} and {@code outcome}. */
  static final String METER = "router.exchanges";

  private final MeterRegistry registry;
  // Registering a meter builds and sorts its id; do it once per route and outcome, not per record.
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  RouteMetrics(MeterRegistry registry) {
    this.registry = registry;
    setIgnoreCamelContextEvents(true);
    setIgnoreRouteEvents(true);
    setIgnoreServiceEvents(true);
    setIgnoreExchangeCreatedEvent(true);
    setIgnoreExchangeSendingEvents(true);
    setIgnoreExchangeSentEvents(true);
    setIgnoreStepEvents(true);
    setIgnoreExchangeRedeliveryEvents(true);
  }

  @Override
  public void notify(CamelEvent event) {
    if (!(event instanceof CamelEvent.ExchangeEvent exchangeEvent)) {
      return;
    }
    String outcome;
    if (event instanceof CamelEvent.ExchangeFailedEvent) {
      outcome = "failed";
    } else if (event instanceof CamelEvent.ExchangeCompletedEvent) {
      outcome = "completed";
    } else {
      return;
    }
    Exchange exchange = exchangeEvent.getExchange();
    String route = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
    timers
        .computeIfAbsent(
            route + '|' + outcome,
            k ->
                Timer.builder(METER)
                    .description("Exchanges finished per Camel route")
                    .tag("route", route)
                    .tag("outcome", outcome)
                    .register(registry))
        .record(Duration.ofMillis(exchange.getClock().elapsed()));
  }
}
