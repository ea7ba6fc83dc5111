package org.pathway.directory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current directory snapshot. Refreshes replace the snapshot whole, so a decision never sees
 * half of an update; reads never block.
 */
public final class Directory {

  private record Snapshot(Map<String, DirectoryEntry> byId, Map<String, DirectoryEntry> byOds) {}

  private final AtomicReference<Snapshot> snapshot =
      new AtomicReference<>(new Snapshot(Map.of(), Map.of()));

  /** A directory holding exactly {@code entries}. */
  public static Directory of(Collection<DirectoryEntry> entries) {
    Directory directory = new Directory();
    directory.apply(new FeedPage(entries, java.util.List.of()));
    return directory;
  }

  /** Applies an incremental change: upserts and removals by id. */
  public void apply(FeedPage change) {
    snapshot.updateAndGet(
        current -> {
          Map<String, DirectoryEntry> byId = new HashMap<>(current.byId());
          change.removedIds().forEach(byId::remove);
          change.entries().forEach(e -> byId.put(e.id(), e));
          Map<String, DirectoryEntry> byOds = new HashMap<>();
          byId.values().stream()
              .filter(e -> e.odsCode() != null)
              .forEach(e -> byOds.put(e.odsCode().toUpperCase(java.util.Locale.ROOT), e));
          return new Snapshot(Map.copyOf(byId), Map.copyOf(byOds));
        });
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
        : Optional.ofNullable(
            snapshot.get().byOds().get(odsCode.toUpperCase(java.util.Locale.ROOT)));
  }

  /** Every entry. */
  public Collection<DirectoryEntry> entries() {
    return snapshot.get().byId().values();
  }

  /** The latest modification time seen, the next refresh's {@code modified_after}. */
  public Optional<Instant> lastModified() {
    return entries().stream()
        .map(DirectoryEntry::lastModified)
        .filter(java.util.Objects::nonNull)
        .max(Instant::compareTo);
  }
}
