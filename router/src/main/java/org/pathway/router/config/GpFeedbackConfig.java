package org.pathway.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pathway.router.policy.FeedbackTrigger;
import org.pathway.servicesettings.Setting;

/**
 * What the GP is told ({@code pathway.gp-feedback.*}).
 *
 * @param notifyOn the Task changes the GP hears of: {@code accepted}, {@code declined}, {@code
 *     first-contact}, {@code completed}, {@code cancelled}
 * @param includeGroupTasks whether changes of a group's (child) Task are told too
 */
@ConfigurationProperties("pathway.gp-feedback")
public record GpFeedbackConfig(List<String> notifyOn, boolean includeGroupTasks) {

  private static final Setting NOTIFY_ON =
      Setting.of("pathway.gp-feedback.notify-on", "ROUTER_GP_FEEDBACK_NOTIFY_ON");

  public GpFeedbackConfig {
    notifyOn = notifyOn == null ? List.of() : List.copyOf(notifyOn);
    triggers(notifyOn);
  }

  /** The triggers as the policy knows them. */
  public Set<FeedbackTrigger> triggers() {
    return triggers(notifyOn);
  }

  private static Set<FeedbackTrigger> triggers(List<String> names) {
    EnumSet<FeedbackTrigger> triggers = EnumSet.noneOf(FeedbackTrigger.class);
    for (String name : names) {
      if (name.isBlank()) {
        continue;
      }
      try {
        triggers.add(
            FeedbackTrigger.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        throw NOTIFY_ON.invalid(
            "holds '"
                + name
                + "', which is not one of accepted, declined, first-contact, completed, cancelled");
      }
    }
    return triggers;
  }
}
