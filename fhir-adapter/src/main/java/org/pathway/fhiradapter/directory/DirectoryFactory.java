package org.pathway.fhiradapter.directory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryMapping;
import org.pathway.directory.HsdsFeedSource;
import org.pathway.fhiradapter.config.DirectoryConfig;

/**
 * The directory snapshot the {@code HealthcareService} API serves, read whole from the feed as the
 * service starts: a feed that cannot be read stops start-up, as it does the router's; a record that
 * cannot be read is skipped and counted ({@code pathway.directory.records.skipped}).
 */
@Factory
class DirectoryFactory {

  @Singleton
  HsdsFeedSource feed(DirectoryConfig config, MeterRegistry meters) {
    return new HsdsFeedSource(config.feed(), DirectoryMapping.load(config.mapping()), meters);
  }

  @Singleton
  Directory directory(HsdsFeedSource feed) {
    Directory directory = new Directory();
    directory.apply(feed.changesSince(null));
    return directory;
  }
}
