package org.pathway.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The SLA ladder an overdue step climbs ({@code pathway.escalation.*}): nudge, escalate, return.
 *
 * @param escalateAfter how long after the owner is nudged the hub is told, if the step is still
 *     overdue
 * @param autoReturnAfter how long after the hub is told a referral still not accepted is returned
 *     to the referrer
 * @param hubService the directory id of the hub that takes escalated referrals
 */
@ConfigurationProperties("pathway.escalation")
public record EscalationConfig(
    Duration escalateAfter, Duration autoReturnAfter, String hubService) {

  /** The hub setting, for the check against the directory made when the directory is loaded. */
  public static final Setting HUB_SERVICE =
      Setting.of("pathway.escalation.hub-service", "ROUTER_ESCALATION_HUB_SERVICE");

  public EscalationConfig {
    Setting.of("pathway.escalation.escalate-after", "ROUTER_ESCALATION_ESCALATE_AFTER")
        .positive(escalateAfter);
    Setting.of("pathway.escalation.auto-return-after", "ROUTER_ESCALATION_AUTO_RETURN_AFTER")
        .positive(autoReturnAfter);
    HUB_SERVICE.notBlank(hubService);
  }
}
