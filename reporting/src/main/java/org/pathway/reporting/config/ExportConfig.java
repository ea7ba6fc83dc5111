package org.pathway.reporting.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The evaluation export's settings ({@code pathway.export.*}).
 *
 * @param secret the key every study's pseudonym key is derived from (at least 32 characters);
 *     empty: the export is switched off and answers so. Never in the repository: set it from the
 *     environment or a secret store
 * @param keep how long a finished job (its files, or its error) is kept after it finished; then it
 *     is forgotten and its files' memory freed
 */
@ConfigurationProperties("pathway.export")
public record ExportConfig(String secret, Duration keep) {

  /** The shortest secret accepted: 256 bits of hex, or as many characters. */
  public static final int MINIMUM_SECRET = 32;

  public ExportConfig {
    Setting setting = Setting.of("pathway.export.secret", "EXPORT_PSEUDONYM_SECRET");
    secret = setting.optional(secret);
    setting.require(
        "(" + secret.length() + " characters)",
        secret.isEmpty() || secret.length() >= MINIMUM_SECRET,
        "must be empty (export off) or at least " + MINIMUM_SECRET + " characters");
    Setting.of("pathway.export.keep", "EXPORT_KEEP").positive(keep);
  }

  /** Whether the export is on. */
  public boolean enabled() {
    return !secret.isEmpty();
  }
}
