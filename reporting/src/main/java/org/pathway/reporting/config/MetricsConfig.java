package org.pathway.reporting.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * Metrics read from Kafka ({@code pathway.metrics.*}, the same in every service).
 *
 * @param lagInterval how often consumer lag and dead letters are read for {@code /prometheus}
 */
@ConfigurationProperties("pathway.metrics")
public record MetricsConfig(Duration lagInterval) {

  public MetricsConfig {
    Setting.of("pathway.metrics.lag-interval", "KAFKA_LAG_INTERVAL").positive(lagInterval);
  }
}
