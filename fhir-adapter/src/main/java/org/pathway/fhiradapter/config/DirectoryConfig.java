package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The service directory served as {@code HealthcareService} ({@code pathway.directory.*}); the same
 * names as the router's, so one setting points both at one feed.
 *
 * @param feed the HSDS feed: {@code classpath:...}, {@code file:...} or an {@code http(s)} URL
 * @param refreshInterval how often changes are pulled from the feed
 */
@ConfigurationProperties("pathway.directory")
public record DirectoryConfig(String feed, Duration refreshInterval) {

  public DirectoryConfig {
    Setting.of("pathway.directory.feed", "DIRECTORY_FEED").notBlank(feed);
    Setting.of("pathway.directory.refresh-interval", "DIRECTORY_REFRESH_INTERVAL")
        .positive(refreshInterval);
  }
}
