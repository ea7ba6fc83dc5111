package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * GOV.UK Notify ({@code pathway.notify.*}); SMS is off while the key is empty.
 *
 * @param baseUrl the Notify API
 * @param apiKey the service's API key
 * @param emailTemplateId a generic email template with {@code ((subject))} and {@code ((body))}
 * @param smsTemplateId a generic SMS template with {@code ((body))}
 */
@ConfigurationProperties("pathway.notify")
public record NotifyConfig(
    String baseUrl, String apiKey, String emailTemplateId, String smsTemplateId) {

  public NotifyConfig {
    Setting.of("pathway.notify.base-url", "NOTIFIER_NOTIFY_BASE_URL").notBlank(baseUrl);
    apiKey = Setting.of("pathway.notify.api-key", "NOTIFIER_NOTIFY_API_KEY").optional(apiKey);
    emailTemplateId =
        Setting.of("pathway.notify.email-template-id", "NOTIFIER_NOTIFY_EMAIL_TEMPLATE_ID")
            .optional(emailTemplateId);
    smsTemplateId =
        Setting.of("pathway.notify.sms-template-id", "NOTIFIER_NOTIFY_SMS_TEMPLATE_ID")
            .optional(smsTemplateId);
  }

  @Override
  public String toString() {
    return "NotifyConfig[" + baseUrl + ", key " + (apiKey.isEmpty() ? "unset" : "set") + "]";
  }
}
