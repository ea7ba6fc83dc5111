package org.pathway.directory;

import java.util.Collection;
import java.util.List;

/** What one read of the feed changed: entries to upsert and ids that are no longer active. */
public record FeedPage(Collection<DirectoryEntry> entries, Collection<String> removedIds) {

  public FeedPage {
    entries = List.copyOf(entries);
    removedIds = List.copyOf(removedIds);
  }
}
