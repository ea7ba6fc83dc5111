package org.pathway.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * What happens to an overdue step ({@code pathway.escalation.*}).
 *
 * @param escalateAfter how long past its due time an unanswered referral goes to the hub
 * @param autoReturnAfter how long past its due time a referral is returned to the referrer
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
