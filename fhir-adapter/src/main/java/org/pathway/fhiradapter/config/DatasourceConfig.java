package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The ledger database's settings that are durations ({@code pathway.datasource.*}); the rest stay
 * in {@code datasources.default.*}, where Hikari reads them. Applied by {@link DatasourceTimeouts}.
 *
 * @param connectionTimeout how long a request waits for a connection before the adapter answers 503
 */
@ConfigurationProperties("pathway.datasource")
public record DatasourceConfig(Duration connectionTimeout) {

  public DatasourceConfig {
    Setting.of("pathway.datasource.connection-timeout", "DATASOURCE_CONNECTION_TIMEOUT")
        .require(
            connectionTimeout,
            connectionTimeout != null && connectionTimeout.toMillis() >= 250,
            "must be at least 250ms (Hikari's minimum)");
  }
}
