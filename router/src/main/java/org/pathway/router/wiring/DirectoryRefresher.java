package org.pathway.router.wiring;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.pathway.directory.Directory;
import org.pathway.directory.HsdsFeedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls directory changes since the latest one seen. A failed refresh keeps the last good snapshot:
 * stale capacity is better than no directory.
 */
@Singleton
final class DirectoryRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryRefresher.class);

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
    try {
      var change = source.changesSince(directory.lastModified().orElse(null));
      directory.apply(change);
      if (!change.entries().isEmpty() || !change.removedIds().isEmpty()) {
        LOG.info(
            "directory refreshed from {}: {} changed, {} removed",
            source.location(),
            change.entries().size(),
            change.removedIds().size());
      }
    } catch (RuntimeException e) {
      LOG.warn("directory refresh from {} failed; keeping the last snapshot", source.location(), e);
    }
  }
}
