package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * What a request may hold before it is refused unparsed ({@code pathway.fhir.limits.*}).
 *
 * @param maxBytes the largest body
 * @param maxDepth the deepest nesting of JSON or XML
 * @param maxEntries the most entries in a Bundle
 * @param maxStringLength the longest string value, in characters
 */
@ConfigurationProperties("pathway.fhir.limits")
public record FhirLimitsConfig(int maxBytes, int maxDepth, int maxEntries, int maxStringLength) {

  public FhirLimitsConfig {
    Setting.of("pathway.fhir.limits.max-bytes", "FHIR_LIMITS_MAX_BYTES").positive(maxBytes);
    Setting.of("pathway.fhir.limits.max-depth", "FHIR_LIMITS_MAX_DEPTH").positive(maxDepth);
    Setting.of("pathway.fhir.limits.max-entries", "FHIR_LIMITS_MAX_ENTRIES").positive(maxEntries);
    Setting.of("pathway.fhir.limits.max-string-length", "FHIR_LIMITS_MAX_STRING_LENGTH")
        .positive(maxStringLength);
  }
}
