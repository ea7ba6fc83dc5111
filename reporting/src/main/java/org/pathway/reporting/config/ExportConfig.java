package org.pathway.reporting.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * The evaluation export's settings ({@code pathway.export.*}).
 *
 * @param secret the key every study's pseudonym key is derived from (at least 32 characters);
 *     empty: the export is switched off and answers so. Never in the repository: set it from the
 *     environment or a secret store
 */
@ConfigurationProperties("pathway.export")
public record ExportConfig(String secret) {

  /** The shortest secret accepted: 256 bits of hex, or as many characters. */
  public static final int MINIMUM_SECRET = 32;

  public ExportConfig {
    Setting setting = Setting.of("pathway.export.secret", "EXPORT_PSEUDONYM_SECRET");
    secret = setting.optional(secret);
    setting.require(
        "(" + secret.length() + " characters)",
        secret.isEmpty() || secret.length() >= MINIMUM_SECRET,
        "must be empty (export off) or at least " + MINIMUM_SECRET + " characters");
  }

  /** Whether the export is on. */
  public boolean enabled() {
    return !secret.isEmpty();
  }
}
