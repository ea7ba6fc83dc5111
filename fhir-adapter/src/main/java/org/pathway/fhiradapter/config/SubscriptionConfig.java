package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Locale;
import org.pathway.servicesettings.Setting;

/**
 * Where a Subscription's rest-hook may point ({@code pathway.subscriptions.*}), checked when the
 * client registers it — the notifier's outbound rule (S11), under the same environment names.
 *
 * @param allowHttp whether a plain http endpoint is accepted (dev mode only; https otherwise)
 * @param allowedHosts the hosts an endpoint may name ({@code host}, {@code host:port}, {@code
 *     *.domain}); empty allows any host
 */
@ConfigurationProperties("pathway.subscriptions")
public record SubscriptionConfig(boolean allowHttp, @Nullable List<String> allowedHosts) {

  public SubscriptionConfig {
    Setting hosts = Setting.of("pathway.subscriptions.allowed-hosts", "OUTBOUND_ALLOWED_HOSTS");
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
