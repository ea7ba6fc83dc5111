package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * Webhook deliveries ({@code pathway.webhook.*}).
 *
 * @param timeout connect and response timeout of one POST
 */
@ConfigurationProperties("pathway.webhook")
public record WebhookConfig(Duration timeout) {

  public WebhookConfig {
    Setting.of("pathway.webhook.timeout", "NOTIFIER_WEBHOOK_TIMEOUT").positive(timeout);
  }
}
