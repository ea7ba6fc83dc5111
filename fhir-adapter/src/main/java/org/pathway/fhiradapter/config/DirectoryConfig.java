package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The service directory served as {@code HealthcareService} ({@code pathway.directory.*}); the same
 * names as the router's, so one setting points both at one feed.
 *
 * @param feed the HSDS feed: {@code classpath:...}, {@code file:...} or an {@code http(s)} URL
 * @param refreshInterval how often changes are pulled from the feed
 * @param mapping the operator's mapping file (what the feed does not say: kinds, referrals or
 *     signpost-only, channels, ODS, PCN); empty: none, stock entries are signpost-only groups
 */
@ConfigurationProperties("pathway.directory")
public record DirectoryConfig(String feed, Duration refreshInterval, @Nullable String mapping) {

  public DirectoryConfig {
    Setting.of("pathway.directory.feed", "DIRECTORY_FEED").notBlank(feed);
    Setting.of("pathway.directory.refresh-interval", "DIRECTORY_REFRESH_INTERVAL")
        .positive(refreshInterval);
  }
}
