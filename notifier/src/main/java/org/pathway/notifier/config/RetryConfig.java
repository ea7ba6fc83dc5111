package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * How failed deliveries are retried ({@code pathway.retry.*}).
 *
 * @param initialBackoff the wait after the first failed try
 * @param multiplier how much each wait grows
 * @param maxBackoff the longest wait
 * @param horizon how long after the request arrived the notifier gives up
 * @param lease how long a try may stay "sending" before it counts as interrupted (a crash)
 */
@ConfigurationProperties("pathway.retry")
public record RetryConfig(
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    Duration horizon,
    Duration lease) {

  public RetryConfig {
    Setting.of("pathway.retry.initial-backoff", "NOTIFIER_RETRY_INITIAL_BACKOFF")
        .positive(initialBackoff);
    Setting.of("pathway.retry.multiplier", "NOTIFIER_RETRY_MULTIPLIER").atLeast(multiplier, 1.0);
    Setting.of("pathway.retry.max-backoff", "NOTIFIER_RETRY_MAX_BACKOFF")
        .require(
            maxBackoff,
            maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
            "must be at least pathway.retry.initial-backoff ("
                + Setting.show(initialBackoff)
                + ")");
    Setting.of("pathway.retry.horizon", "NOTIFIER_RETRY_HORIZON").positive(horizon);
    Setting.of("pathway.retry.lease", "NOTIFIER_RETRY_LEASE").positive(lease);
  }
}
