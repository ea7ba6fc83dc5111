package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The SMTP relay ({@code pathway.smtp.*}).
 *
 * @param host the relay's host
 * @param port the relay's port
 * @param username login, empty for none
 * @param password password, empty for none
 * @param startTls whether to upgrade the connection with STARTTLS
 * @param timeout connect, read and write timeout of one send
 */
@ConfigurationProperties("pathway.smtp")
public record SmtpConfig(
    String host, int port, String username, String password, boolean startTls, Duration timeout) {

  public SmtpConfig {
    Setting.of("pathway.smtp.host", "NOTIFIER_SMTP_HOST").notBlank(host);
    Setting.of("pathway.smtp.port", "NOTIFIER_SMTP_PORT")
        .require(port, port > 0 && port < 65536, "must be a port (1-65535)");
    username = Setting.of("pathway.smtp.username", "NOTIFIER_SMTP_USERNAME").optional(username);
    password = Setting.of("pathway.smtp.password", "NOTIFIER_SMTP_PASSWORD").optional(password);
    Setting.of("pathway.smtp.timeout", "NOTIFIER_SMTP_TIMEOUT").positive(timeout);
  }

  @Override
  public String toString() {
    return "SmtpConfig[" + host + ":" + port + ", user " + username + "]";
  }
}
