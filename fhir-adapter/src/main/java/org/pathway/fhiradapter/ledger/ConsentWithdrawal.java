package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.ids.RandomUuids;
import org.pathway.fhiradapter.ledger.Parties.Relation;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.ReferralRows;
import org.pathway.fhiradapter.ledger.store.ReferralRows.Referral;
import org.pathway.fhiradapter.ledger.store.RequestKeys;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * The person withdraws their consent for a referral, told to its referrer or its link-worker
 * service, who record it as a {@code Consent} with status {@code inactive}. In one transaction: the
 * Consent is kept with the referral, its open Tasks are closed (the root Task cancelled with {@code
 * task-status-reason#consent-withdrawn}, its open children with it, each with provenance), which
 * revokes every signed link bound to them and announces {@code ReferralCancelled} with that reason
 * through the outbox; and the interaction is audited. A referral whose Task is already closed keeps
 * the Consent and changes nothing else.
 */
@Singleton
public class ConsentWithdrawal {

  /** Who may record the person's withdrawal: the referrer, the service holding it, their hub. */
  private static final Set<Relation> MAY_RECORD =
      Set.of(Relation.REQUESTER, Relation.OWNER, Relation.HUB);

  /**
   * What a withdrawal left.
   *
   * @param consent the Consent as stored
   * @param referralId the root referral it closed
   * @param closed whether an open Task was closed by it (false: the referral was already closed)
   */
  public record Withdrawn(Consent consent, String referralId, boolean closed) {}

  private final LedgerTransactions transactions;
  private final ReferralRows referrals;
  private final ResourceRows resources;
  private final TaskRows tasks;
  private final TaskSaver saver;
  private final AuditTrail audit;
  private final RequestKeys requestKeys;

  public ConsentWithdrawal(
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
   * Records {@code consent} (already read as a withdrawal) for referral {@code referralId}: an
   * onward referral's withdrawal closes the whole referral it belongs to.
   */
  public Withdrawn withdraw(Consent consent, String referralId, RequestContext ctx) {
    return transactions.inTransaction(
        tx -> {
          String expression = "Consent.sourceReference";
          Referral named =
              referrals
                  .byId(tx, referralId)
                  .orElseThrow(() -> LedgerRefusedException.notFound(expression, "the referral"));
          Referral root =
              referrals
                  .byId(tx, named.rootReferralId())
                  .orElseThrow(() -> LedgerRefusedException.notFound(expression, "the referral"));
          // Another tenant's referral is answered as one not held: its existence is not revealed.
          Task current =
              tasks
                  .lock(tx, root.taskId(), ctx.visibility())
                  .orElseThrow(() -> LedgerRefusedException.notFound(expression, "the referral"));
          var orgs = tasks.orgs(tx, root.taskId());
          Set<Relation> relations =
              Parties.relations(ctx.caller(), orgs.ownerOrg(), orgs.requesterOrg());
          if (relations.stream().noneMatch(MAY_RECORD::contains)
              && !relations.contains(Relation.SYSTEM)) {
            throw LedgerRefusedException.forbidden(
                expression,
                "only the referrer or the service holding the referral records the person's"
                    + " withdrawal");
          }
          String id = RandomUuids.nextString();
          if (ctx.requestId() != null
              && !requestKeys.remember(tx, ctx.clientId(), ctx.requestId(), id)) {
            throw LedgerRefusedException.duplicateRequest(ctx.requestId());
          }
          OffsetDateTime at = LedgerTx.now();
          Consent stored = consent.copy();
          stored.setId(id);
          resources.insert(tx, stored, root.id(), at);
          audit.record(tx, "create", "Consent", id, ctx);
          boolean closed = !TaskTransitions.isTerminal(current.getStatus());
          if (closed) {
            Task after = current.copy();
            after.setStatus(TaskStatus.CANCELLED);
            after.setStatusReason(reason());
            TaskChangeCheck.checkTransition(current, after);
            saver.save(tx, current, after, ctx, at);
          }
          return new Withdrawn(stored, root.id(), closed);
        });
  }

  /** The coded reason every Task closed by a withdrawal carries. */
  public static CodeableConcept reason() {
    return new CodeableConcept(
            new Coding(
                CodeSystems.TASK_STATUS_REASON,
                CodeSystems.CONSENT_WITHDRAWN,
                CodeSystems.CONSENT_WITHDRAWN_DISPLAY))
        .setText(CodeSystems.CONSENT_WITHDRAWN_DISPLAY);
  }
}
