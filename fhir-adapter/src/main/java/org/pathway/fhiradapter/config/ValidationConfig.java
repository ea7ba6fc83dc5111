package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import org.pathway.servicesettings.Setting;

/**
 * Full profile validation ({@code pathway.fhir.validation.*}), off on the hot path by default.
 *
 * @param enabled whether every write is validated against Pathway's own profiles (always loaded)
 * @param igDir an operator's IG packages to load beside them (unpacked or {@code .tgz}); empty for
 *     none
 */
@ConfigurationProperties("pathway.fhir.validation")
public record ValidationConfig(boolean enabled, @Nullable String igDir) {

  public ValidationConfig {
    igDir = Setting.of("pathway.fhir.validation.ig-dir", "FHIR_IG_DIR").optional(igDir);
  }
}
