package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Locale;
import org.pathway.servicesettings.Setting;

/**
 * Where outbound calls built from directory data may go ({@code pathway.outbound.*}).
 *
 * @param allowHttp whether plain http is allowed (dev mode only; https otherwise)
 * @param allowedHosts the hosts webhook and FHIR calls may reach ({@code nhs.uk} exactly, {@code
 *     *.nhs.uk} any subdomain); empty allows any host
 */
@ConfigurationProperties("pathway.outbound")
public record OutboundConfig(boolean allowHttp, @Nullable List<String> allowedHosts) {

  public OutboundConfig {
    Setting hosts = Setting.of("pathway.outbound.allowed-hosts", "OUTBOUND_ALLOWED_HOSTS");
    allowedHosts =
        allowedHosts == null
            ? List.of()
            : allowedHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .toList();
    for (String host : allowedHosts) {
      hosts.require(
          host,
          host.matches("(\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?"),
          "must list host names (optionally *.domain), comma-separated");
    }
  }
}
