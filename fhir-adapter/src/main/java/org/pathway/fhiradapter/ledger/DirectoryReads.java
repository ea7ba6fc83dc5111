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

  /** The services matching {@code query}, by name, at most {@code query.count()}. */
  public List<HealthcareService> search(DirectoryQuery query) {
    List<DirectoryEntry> found =
        directory.entries().stream()
            .filter(e -> DirectoryQuery.served(e.kind()))
            .filter(query::matches)
            .sorted(Comparator.comparing(DirectoryEntry::name).thenComparing(DirectoryEntry::id))
            .limit(query.count())
            .toList();
    return serve(found);
  }

  /** The directory entry a HealthcareService id names, when it is served. */
  Optional<DirectoryEntry> served(String id) {
    return directory.byId(id).filter(e -> DirectoryQuery.served(e.kind()));
  }

  /** The version a service is at when {@code latest} is its latest report (or null). */
  static int version(Capacity latest) {
    return latest == null ? 1 : latest.version();
  }

  private List<HealthcareService> serve(List<DirectoryEntry> entries) {
    if (entries.isEmpty()) {
      return List.of();
    }
    Map<String, Capacity> reported =
        transactions.inTransaction(
            tx -> capacities.latest(tx, entries.stream().map(DirectoryEntry::id).toList()));
    return entries.stream()
        .map(
            e -> {
              Capacity latest = reported.get(e.id());
              DirectoryEntry shown = latest == null ? e : e.withCapacity(latest);
              return HealthcareServices.of(shown, version(latest));
            })
        .toList();
  }
}
