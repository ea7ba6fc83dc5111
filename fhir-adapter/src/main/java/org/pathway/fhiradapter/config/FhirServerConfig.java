package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * The FHIR face ({@code pathway.fhir.*}), served by Jetty beside Micronaut's management port.
 *
 * @param host the interface to listen on
 * @param port the FHIR port (0 chooses a free one)
 * @param maxThreads Jetty's request threads
 */
@ConfigurationProperties("pathway.fhir")
public record FhirServerConfig(String host, int port, int maxThreads) {

  public FhirServerConfig {
    Setting.of("pathway.fhir.host", "FHIR_HOST").notBlank(host);
    Setting.of("pathway.fhir.port", "FHIR_PORT")
        .require(port, port >= 0 && port < 65536, "must be a port (0-65535, 0 for a free one)");
    Setting.of("pathway.fhir.max-threads", "FHIR_MAX_THREADS")
        .require(maxThreads, maxThreads >= 8, "must be at least 8");
  }
}
