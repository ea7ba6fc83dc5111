package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * Full profile validation ({@code pathway.fhir.validation.*}), off on the hot path by default.
 *
 * @param enabled whether every write is validated against the profiles in {@code igDir}
 * @param igDir a folder of StructureDefinitions, ValueSets and CodeSystems (JSON or XML)
 */
@ConfigurationProperties("pathway.fhir.validation")
public record ValidationConfig(boolean enabled, String igDir) {

  public ValidationConfig {
    if (enabled) {
      Setting.of("pathway.fhir.validation.ig-dir", "FHIR_VALIDATION_IG_DIR").notBlank(igDir);
    }
  }
}
