package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.List;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.access.clients.Role;
import org.pathway.directory.Capacity;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.fhiradapter.fhir.CapacityReader;
import org.pathway.fhiradapter.fhir.HealthcareServices;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.CapacityRows;

/**
 * A group reports its capacity ({@code PUT HealthcareService/{id}}): only the group itself, only
 * from the version it read (If-Match), only the capacity extension changed; then one transaction
 * holds the report, its audit record and {@code GroupCapacityReported} for the router.
 */
@Singleton
public class CapacityReports {

  private final DirectoryReads directory;
  private final LedgerTransactions transactions;
  private final CapacityRows rows;
  private final AuditTrail audit;
  private final OutboxWriter outbox;
  private final GroupPlaces places;
  private final TaskSaver saver;

  public CapacityReports(
      DirectoryReads directory,
      LedgerTransactions transactions,
      CapacityRows rows,
      AuditTrail audit,
      OutboxWriter outbox,
      GroupPlaces places,
      TaskSaver saver) {
    this.directory = directory;
    this.transactions = transactions;
    this.rows = rows;
    this.audit = audit;
    this.outbox = outbox;
    this.places = places;
    this.saver = saver;
  }

  /**
   * Records {@code submitted} as group {@code id}'s capacity and returns the service as now served.
   * A repeated X-Request-ID of the same client is answered with the report it made, not applied
   * again.
   *
   * @param expectedVersion the If-Match version
   * @param incoming the whole submitted resource, which must equal the served one but for capacity
   * @throws LedgerRefusedException not found, forbidden (not this group), stale version (412) or
   *     broken rule (another element changed: 422)
   */
  public HealthcareService report(
      String id,
      int expectedVersion,
      HealthcareService incoming,
      CapacityReader.Submission submitted,
      RequestContext ctx) {
    DirectoryEntry entry =
        directory
            .served(id)
            .orElseThrow(() -> LedgerRefusedException.notFound(null, "HealthcareService/" + id));
    checkReporter(id, entry, ctx);
    return transactions.inTransaction(
        tx -> {
          // The same lock as the places Pathway counts, so a report and a counted change queue.
          places.lock(tx, id);
          var replayed = rows.byRequest(tx, id, ctx.clientId(), ctx.requestId());
          if (replayed.isPresent()) {
            return HealthcareServices.of(
                entry.withCapacity(replayed.get()), replayed.get().version());
          }
          Capacity latest = rows.latest(tx, List.of(id)).get(id);
          int version = DirectoryReads.version(latest);
          if (expectedVersion != version) {
            throw stale(expectedVersion, version);
          }
          HealthcareService current =
              HealthcareServices.of(latest == null ? entry : entry.withCapacity(latest), version);
          List<Issue> issues = HealthcareServices.changesBesidesCapacity(current, incoming);
          if (!issues.isEmpty()) {
            throw new LedgerRefusedException(Reason.BROKEN_RULE, issues);
          }
          OffsetDateTime at = LedgerTx.now();
          Capacity report =
              new Capacity(
                  submitted.status(),
                  submitted.placesLeft(),
                  submitted.waitlistOpen(),
                  at.toInstant(),
                  version + 1);
          if (!rows.insert(tx, id, report, ctx)) {
            throw stale(expectedVersion, version + 1);
          }
          audit.record(tx, "update", "HealthcareService", id, ctx);
          outbox.appendCapacity(tx, id, report, ctx, at, event -> {});
          // Places the group now has go to the people on its waitlist first.
          saver.saveCounted(tx, places.afterReport(tx, id, report, ctx, at), ctx, at);
          Capacity now = rows.latest(tx, List.of(id)).get(id);
          return HealthcareServices.of(entry.withCapacity(now), now.version());
        });
  }

  /**
   * Only the group reports its own capacity: a caller of role community-group whose organisation is
   * the service's id (the portal acting through a facilitator's link is bound to exactly that).
   * Pathway itself (no caller: access control off, benchmark only) may.
   */
  private static void checkReporter(String id, DirectoryEntry entry, RequestContext ctx) {
    var caller = ctx.caller();
    if (caller == null) {
      return;
    }
    if (entry.kind() != ServiceKind.COMMUNITY_GROUP) {
      throw LedgerRefusedException.forbidden(
          null, "only a community group reports capacity; HealthcareService/" + id + " is not one");
    }
    if (caller.role() != Role.COMMUNITY_GROUP || !id.equals(caller.organization())) {
      throw LedgerRefusedException.forbidden(
          null, "only the group " + id + " itself may report its capacity");
    }
  }

  private static LedgerRefusedException stale(int expected, int current) {
    return new LedgerRefusedException(
        Reason.STALE_VERSION,
        new Issue(
            IssueType.CONFLICT,
            null,
            "If-Match version " + expected + " is not the current version " + current));
  }
}
