package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.HealthcareService;
import org.pathway.directory.Capacity;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.fhiradapter.fhir.HealthcareServices;
import org.pathway.fhiradapter.ledger.store.CapacityRows;

/**
 * {@code HealthcareService} reads: the directory feed's entries with each group's latest reported
 * capacity from the ledger laid over the feed's. The ledger, not memory, holds the reports, so
 * every replica serves the same capacity and version.
 */
@Singleton
public class DirectoryReads {

  private final Directory directory;
  private final LedgerTransactions transactions;
  private final CapacityRows capacities;

  public DirectoryReads(
      Directory directory, LedgerTransactions transactions, CapacityRows capacities) {
    this.directory = directory;
    this.transactions = transactions;
    this.capacities = capacities;
  }

  /** The service with this id, as served now. */
  public Optional<HealthcareService> read(String id) {
    Optional<DirectoryEntry> entry = served(id);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(serve(List.of(entry.get())).get(0));
  }

  /**
   * One page of the services matching {@code query} and how many match in all: capacity is matched
   * as served (the group's latest report over the feed's); nearest first when {@code near} is
   * asked, else by name.
   */
  public Found search(DirectoryQuery query) {
    List<DirectoryEntry> candidates =
        directory.entries().stream().filter(e -> DirectoryQuery.served(e.kind())).toList();
    Map<String, Capacity> reported = latestReports(candidates);
    Comparator<DirectoryEntry> byName =
        Comparator.comparing(DirectoryEntry::name).thenComparing(DirectoryEntry::id);
    Comparator<DirectoryEntry> order =
        query.near() == null
            ? byName
            : Comparator.<DirectoryEntry, Double>comparing(query::kilometresFrom)
                .thenComparing(byName);
    List<DirectoryEntry> matching =
        candidates.stream()
            .map(e -> shown(e, reported))
            .filter(query::matches)
            .sorted(order)
            .toList();
    List<HealthcareService> page =
        matching.stream()
            .skip(query.offset())
            .limit(query.count())
            .map(e -> HealthcareServices.of(e, version(reported.get(e.id()))))
            .toList();
    return new Found(page, matching.size());
  }

  /** One page of a search and the number of matches in all. */
  public record Found(List<HealthcareService> page, int total) {}

  /** The directory entry a HealthcareService id names, when it is served. */
  Optional<DirectoryEntry> served(String id) {
    return directory.byId(id).filter(e -> DirectoryQuery.served(e.kind()));
  }

  /** The version a service is at when {@code latest} is its latest report (or null). */
  static int version(Capacity latest) {
    return latest == null ? 1 : latest.version();
  }

  private List<HealthcareService> serve(List<DirectoryEntry> entries) {
    Map<String, Capacity> reported = latestReports(entries);
    return entries.stream()
        .map(e -> HealthcareServices.of(shown(e, reported), version(reported.get(e.id()))))
        .toList();
  }

  private Map<String, Capacity> latestReports(List<DirectoryEntry> entries) {
    if (entries.isEmpty()) {
      return Map.of();
    }
    return transactions.inTransaction(
        tx -> capacities.latest(tx, entries.stream().map(DirectoryEntry::id).toList()));
  }

  private static DirectoryEntry shown(DirectoryEntry entry, Map<String, Capacity> reported) {
    Capacity latest = reported.get(entry.id());
    return latest == null ? entry : entry.withCapacity(latest);
  }
}
