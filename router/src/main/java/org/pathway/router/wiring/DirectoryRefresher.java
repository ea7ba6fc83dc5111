package org.pathway.router.wiring;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.pathway.directory.Directory;
import org.pathway.directory.HsdsFeedSource;

/** Pulls directory changes from the feed every {@code pathway.directory.refresh-interval}. */
@Singleton
final class DirectoryRefresher {

  private final Directory directory;
  private final HsdsFeedSource source;

  DirectoryRefresher(Directory directory, HsdsFeedSource source) {
    this.directory = directory;
    this.source = source;
  }

  @Scheduled(
      initialDelay = "${pathway.directory.refresh-interval}",
      fixedDelay = "${pathway.directory.refresh-interval}")
  void refresh() {
    source.refresh(directory);
  }
}
