package org.pathway.router.routes;

import jakarta.inject.Singleton;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.kafka.common.KafkaException;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.router.config.RedeliveryConfig;
import org.pathway.router.idempotency.MemoryUnavailableException;
import org.pathway.router.kafka.InvalidEventException;

/**
 * One error policy for every route. A record that can never succeed goes to the dead-letter topic
 * at once. Kafka failing is transient: retried with exponential backoff, then left unhandled so the
 * consumer thread aborts the poll's batch and reads it again — never skipped. The database failing
 * is left unhandled at once: the poll's memory is one transaction, which a failed statement has
 * aborted, so only reading the batch again (after the loop's own backoff) can succeed. Anything
 * else is retried and then dead-lettered, so one bad record cannot block a partition.
 */
@Singleton
final class ErrorPolicy extends RouteConfigurationBuilder {

  private final int maxRedeliveries;
  private final long initialDelayMs;
  private final long maxDelayMs;

  ErrorPolicy(RedeliveryConfig redelivery) {
    this.maxRedeliveries = redelivery.maxRedeliveries();
    this.initialDelayMs = redelivery.initialDelay().toMillis();
    this.maxDelayMs = redelivery.maxDelay().toMillis();
  }

  @Override
  public void configuration() {
    routeConfiguration(RouteIds.ERROR_POLICY)
        .onException(EventDecodingException.class, InvalidEventException.class)
        .handled(true)
        .maximumRedeliveries(0)
        .bean("recordSteps", "deadLetter")
        .end()
        .onException(MemoryUnavailableException.class)
        .handled(false)
        .maximumRedeliveries(0)
        .end()
        .onException(KafkaException.class)
        .handled(false)
        .maximumRedeliveries(maxRedeliveries)
        .redeliveryDelay(initialDelayMs)
        .useExponentialBackOff()
        .backOffMultiplier(2)
        .maximumRedeliveryDelay(maxDelayMs)
        .end()
        .onException(Exception.class)
        .handled(true)
        .maximumRedeliveries(maxRedeliveries)
        .redeliveryDelay(initialDelayMs)
        .useExponentialBackOff()
        .backOffMultiplier(2)
        .maximumRedeliveryDelay(maxDelayMs)
        .bean("recordSteps", "deadLetter")
        .end();
  }
}
