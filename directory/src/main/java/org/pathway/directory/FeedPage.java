package org.pathway.directory;

import java.util.Collection;
import java.util.List;

/**
 * What one read of the feed changed: entries to upsert, ids that are no longer active, and the
 * records that were skipped because they could not be read (the rest of the feed still applies).
 */
public record FeedPage(
    Collection<DirectoryEntry> entries,
    Collection<String> removedIds,
    Collection<SkippedRecord> skipped) {

  public FeedPage {
    entries = List.copyOf(entries);
    removedIds = List.copyOf(removedIds);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }

  /** A change with nothing skipped. */
  public FeedPage(Collection<DirectoryEntry> entries, Collection<String> removedIds) {
    this(entries, removedIds, List.of());
  }
}
