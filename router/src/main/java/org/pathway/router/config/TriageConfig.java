package org.pathway.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * Triage of new referrals ({@code pathway.triage.*}).
 *
 * @param rules where the triage rules are: {@code classpath:...}, {@code file:...} or a path
 */
@ConfigurationProperties("pathway.triage")
public record TriageConfig(String rules) {

  public TriageConfig {
    Setting.of("pathway.triage.rules", "ROUTER_TRIAGE_RULES").notBlank(rules);
  }
}
