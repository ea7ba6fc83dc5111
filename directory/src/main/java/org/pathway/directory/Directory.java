package org.pathway.directory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current directory snapshot: the feed's entries with each group's latest reported capacity
 * laid over the feed's. Refreshes and reports replace the snapshot whole, so a decision never sees
 * half of an update; reads never block.
 */
public final class Directory {

  /**
   * The feed as read, the reports as received, and the views built from both.
   *
   * @param feed entries by id as the feed gives them
   * @param reported the newest capacity report per id (kept while the feed lacks the entry, so a
   *     report that arrives before the feed knows the group is not lost)
   */
  private record Snapshot(
      Map<String, DirectoryEntry> feed,
      Map<String, Capacity> reported,
      Map<String, DirectoryEntry> byId,
      Map<String, DirectoryEntry> byOds) {

    static Snapshot of(Map<String, DirectoryEntry> feed, Map<String, Capacity> reported) {
      Map<String, DirectoryEntry> byId = new HashMap<>();
      feed.forEach(
          (id, entry) -> {
            Capacity report = reported.get(id);
            byId.put(id, report == null ? entry : entry.withCapacity(report));
          });
      Map<String, DirectoryEntry> byOds = new HashMap<>();
      byId.values().stream()
          .filter(e -> e.odsCode() != null)
          .forEach(e -> byOds.put(e.odsCode().toUpperCase(Locale.ROOT), e));
      return new Snapshot(
          Map.copyOf(feed), Map.copyOf(reported), Map.copyOf(byId), Map.copyOf(byOds));
    }
  }

  private final AtomicReference<Snapshot> snapshot =
      new AtomicReference<>(Snapshot.of(Map.of(), Map.of()));

  /** A directory holding exactly {@code entries}. */
  public static Directory of(Collection<DirectoryEntry> entries) {
    Directory directory = new Directory();
    directory.apply(new FeedPage(entries, List.of()));
    return directory;
  }

  /** Applies an incremental change from the feed: upserts and removals by id. */
  public void apply(FeedPage change) {
    snapshot.updateAndGet(
        current -> {
          Map<String, DirectoryEntry> feed = new HashMap<>(current.feed());
          change.removedIds().forEach(feed::remove);
          change.entries().forEach(e -> feed.put(e.id(), e));
          return Snapshot.of(feed, current.reported());
        });
  }

  /**
   * Lays a group's reported capacity over the feed's. A report older than one already applied (a
   * lower version) changes nothing, so reports may arrive twice or out of order.
   *
   * @return whether the report was newer than what the directory had
   */
  public boolean report(String id, Capacity capacity) {
    Objects.requireNonNull(id, "id");
    if (!capacity.reported()) {
      throw new IllegalArgumentException("a report needs the version it made, not 0");
    }
    boolean[] applied = {false};
    snapshot.updateAndGet(
        current -> {
          Capacity held = current.reported().get(id);
          applied[0] = held == null || held.version() < capacity.version();
          if (!applied[0]) {
            return current;
          }
          Map<String, Capacity> reported = new HashMap<>(current.reported());
          reported.put(id, capacity);
          return Snapshot.of(current.feed(), reported);
        });
    return applied[0];
  }

  /** The entry with this HSDS / HealthcareService id. */
  public Optional<DirectoryEntry> byId(String id) {
    return Optional.ofNullable(snapshot.get().byId().get(id));
  }

  /**
   * The entry a FHIR reference names: {@code HealthcareService/<id>}, {@code Organization/<ods>},
   * or a bare id.
   */
  public Optional<DirectoryEntry> byReference(String reference) {
    if (reference == null) {
      return Optional.empty();
    }
    int slash = reference.lastIndexOf('/');
    String id = slash < 0 ? reference : reference.substring(slash + 1);
    if (reference.startsWith("Organization/")) {
      return byOdsCode(id);
    }
    return byId(id);
  }

  /** The entry with this ODS code (GP practices, and services that have one). */
  public Optional<DirectoryEntry> byOdsCode(String odsCode) {
    return odsCode == null
        ? Optional.empty()
        : Optional.ofNullable(snapshot.get().byOds().get(odsCode.toUpperCase(Locale.ROOT)));
  }

  /** Every entry. */
  public Collection<DirectoryEntry> entries() {
    return snapshot.get().byId().values();
  }

  /** The latest modification time the feed gave, the next refresh's {@code modified_after}. */
  public Optional<Instant> lastModified() {
    return snapshot.get().feed().values().stream()
        .map(DirectoryEntry::lastModified)
        .filter(Objects::nonNull)
        .max(Instant::compareTo);
  }
}
