package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.Set;
import org.pathway.servicesettings.Setting;

/**
 * How email leaves ({@code pathway.email.*}).
 *
 * @param provider {@code smtp} (the relay in {@code pathway.smtp.*}) or {@code notify} (GOV.UK
 *     Notify, {@code pathway.notify.*})
 * @param from the sender address of SMTP mail
 */
@ConfigurationProperties("pathway.email")
public record EmailConfig(String provider, String from) {

  public EmailConfig {
    provider =
        Setting.of("pathway.email.provider", "NOTIFIER_EMAIL_PROVIDER")
            .oneOf(provider, Set.of("smtp", "notify"));
    Setting.of("pathway.email.from", "NOTIFIER_EMAIL_FROM").notBlank(from);
  }

  /** Whether email goes through GOV.UK Notify rather than SMTP. */
  public boolean viaNotify() {
    return provider.equals("notify");
  }
}
