package org.pathway.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * Retries of a record whose processing failed transiently ({@code pathway.redelivery.*}).
 *
 * @param maxRedeliveries retries before the record is left for the consumer to read again (Kafka or
 *     the database down) or dead-lettered (anything else)
 * @param initialDelay the wait before the first retry, doubled each time
 * @param maxDelay the longest wait
 */
@ConfigurationProperties("pathway.redelivery")
public record RedeliveryConfig(int maxRedeliveries, Duration initialDelay, Duration maxDelay) {

  public RedeliveryConfig {
    Setting.of("pathway.redelivery.max-redeliveries", "ROUTER_REDELIVERY_MAX_REDELIVERIES")
        .require(maxRedeliveries, maxRedeliveries >= 0, "must be 0 or more");
    Setting.of("pathway.redelivery.initial-delay", "ROUTER_REDELIVERY_INITIAL_DELAY")
        .positive(initialDelay);
    Setting.of("pathway.redelivery.max-delay", "ROUTER_REDELIVERY_MAX_DELAY")
        .require(
            maxDelay,
            maxDelay != null && maxDelay.compareTo(initialDelay) >= 0,
            "must be at least pathway.redelivery.initial-delay ("
                + Setting.show(initialDelay)
                + ")");
  }
}
