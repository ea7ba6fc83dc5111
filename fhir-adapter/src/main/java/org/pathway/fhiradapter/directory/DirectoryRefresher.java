package org.pathway.fhiradapter.directory;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.pathway.directory.Directory;
import org.pathway.directory.HsdsFeedSource;

/**
 * Pulls directory changes from the feed every {@code pathway.directory.refresh-interval}. Capacity
 * reports are not here: the ledger holds them and every read lays the latest over the feed's.
 */
@Singleton
class DirectoryRefresher {

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
