package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.ReferralRows;
import org.pathway.fhiradapter.ledger.store.ReferralRows.Referral;
import org.pathway.fhiradapter.ledger.store.RequestKeys;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/**
 * A referrer withdraws a referral: its ServiceRequest is revoked and its Task cancelled through the
 * one save path ({@link TaskSaver}), so open child Tasks are cancelled with it and {@code
 * ReferralCancelled} is announced, all in one transaction. Reached by {@code PUT ServiceRequest}
 * with status {@code revoked} and by a BaRS update message revoking the ServiceRequest. Only the
 * requester may do it; another tenant's referral is not found; a referral already withdrawn is
 * answered as it is, with nothing written again.
 */
@Singleton
public class ReferralCancellation {

  /** The code of {@link CodeSystems#TASK_STATUS_REASON} a withdrawal is given. */
  public static final String WITHDRAWN = "withdrawn-by-referrer";

  /**
   * What a withdrawal left.
   *
   * @param changed false when the referral was already withdrawn and nothing was written
   */
  public record Withdrawn(String referralId, ServiceRequest serviceRequest, boolean changed) {}

  private final LedgerTransactions transactions;
  private final ReferralRows referrals;
  private final ResourceRows resources;
  private final TaskRows tasks;
  private final TaskSaver saver;
  private final AuditTrail audit;
  private final RequestKeys requestKeys;

  public ReferralCancellation(
      LedgerTransactions transactions,
      ReferralRows referrals,
      ResourceRows resources,
      TaskRows tasks,
      TaskSaver saver,
      AuditTrail audit,
      RequestKeys requestKeys) {
    this.transactions = transactions;
    this.referrals = referrals;
    this.resources = resources;
    this.tasks = tasks;
    this.saver = saver;
    this.audit = audit;
    this.requestKeys = requestKeys;
  }

  /**
   * Withdraws the referral the calling client sent under {@code system|value} (a BaRS referral's
   * key): another client's is not found.
   */
  public Withdrawn withdrawByKey(String system, String value, String why, RequestContext ctx) {
    return transactions.inTransaction(
        tx -> {
          Referral r =
              referrals
                  .byIdentifier(tx, ctx.clientId(), system, value)
                  .orElseThrow(
                      () ->
                          LedgerRefusedException.notFound(
                              "ServiceRequest.id", "the referral " + Issue.echo(value)));
          return withdraw(tx, r, null, why, ctx);
        });
  }

  /**
   * Withdraws referral {@code referralId} ({@code PUT ServiceRequest}).
   *
   * @param expectedVersion the If-Match version of the ServiceRequest
   */
  public Withdrawn withdrawById(
      String referralId, int expectedVersion, String why, RequestContext ctx) {
    return transactions.inTransaction(
        tx -> {
          Referral r =
              referrals
                  .byId(tx, referralId)
                  .orElseThrow(
                      () -> LedgerRefusedException.notFound(null, "ServiceRequest/" + referralId));
          return withdraw(tx, r, expectedVersion, why, ctx);
        });
  }

  private Withdrawn withdraw(
      LedgerTx tx, Referral r, Integer expectedVersion, String why, RequestContext ctx)
      throws SQLException {
    // Another tenant's referral is answered as one not held: its existence is not revealed.
    Task current =
        tasks
            .lock(tx, r.taskId(), ctx.visibility())
            .orElseThrow(() -> LedgerRefusedException.notFound(null, "ServiceRequest/" + r.id()));
    if (ctx.requestId() != null
        && !requestKeys.remember(tx, ctx.clientId(), ctx.requestId(), r.id())) {
      throw LedgerRefusedException.duplicateRequest(ctx.requestId());
    }
    var sr = (ServiceRequest) resources.read(tx, "ServiceRequest", r.id()).orElseThrow();
    int version = Integer.parseInt(sr.getMeta().getVersionId());
    if (expectedVersion != null && expectedVersion != version) {
      throw new LedgerRefusedException(
          Reason.STALE_VERSION,
          new Issue(
              IssueType.CONFLICT,
              null,
              "If-Match version "
                  + expectedVersion
                  + " is not the current version "
                  + version
                  + " of ServiceRequest/"
                  + r.id()));
    }
    boolean revoked = sr.getStatus() == ServiceRequestStatus.REVOKED;
    if (revoked && current.getStatus() == TaskStatus.CANCELLED) {
      return new Withdrawn(r.id(), sr, false);
    }
    OffsetDateTime at = LedgerTx.now();
    if (current.getStatus() != TaskStatus.CANCELLED) {
      Task after = current.copy();
      after.setStatus(TaskStatus.CANCELLED);
      after.setStatusReason(reason(why));
      var orgs = tasks.orgs(tx, r.taskId());
      TaskChangeCheck.checkParty(
          Parties.relations(ctx.caller(), orgs.ownerOrg(), orgs.requesterOrg()), current, after);
      TaskChangeCheck.checkTransition(current, after);
      saver.save(tx, current, after, ctx, at);
    }
    sr.setStatus(ServiceRequestStatus.REVOKED);
    resources.replace(tx, sr, version + 1, at);
    audit.record(tx, "update", "ServiceRequest", r.id(), ctx);
    return new Withdrawn(r.id(), sr, true);
  }

  /** The coded reason a withdrawn referral's Task carries; {@code why} says how it was asked. */
  static CodeableConcept reason(String why) {
    return new CodeableConcept(
            new Coding(
                CodeSystems.TASK_STATUS_REASON, WITHDRAWN, "Referral withdrawn by the referrer"))
        .setText(why);
  }
}
