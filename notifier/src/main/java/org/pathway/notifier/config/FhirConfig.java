package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The FHIR back-channel to GP systems ({@code pathway.fhir.*}).
 *
 * @param timeout connect and response timeout of one FHIR call
 */
@ConfigurationProperties("pathway.fhir")
public record FhirConfig(Duration timeout) {

  public FhirConfig {
    Setting.of("pathway.fhir.timeout", "NOTIFIER_FHIR_TIMEOUT").positive(timeout);
  }
}
