package org.pathway.fhiradapter.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.access.clients.Role;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;
import org.pathway.events.vocabulary.DeclineReasons.DeclinedBy;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.fhir.StoredLengths;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.Parties.Relation;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * What a Task update may change, as pure functions: the proposed next version of a Task from an
 * incoming one, who may make it, and whether the state machine allows it.
 */
public final class TaskChangeCheck {

  private TaskChangeCheck() {}

  /** As {@link #proposed(Task, Task, boolean)} for a caller who sees the whole Task. */
  public static Task proposed(Task current, Task incoming) {
    return proposed(current, incoming, true);
  }

  /**
   * {@code current} with what an update may change taken from {@code incoming}: status,
   * statusReason, businessStatus, owner (kept when omitted: a PUT without an owner does not clear
   * it), output, note, and the due time ({@code restriction.period.end}, kept when omitted).
   *
   * @param seesClinical false for a caller shown a Task without clinical content (a community
   *     group): it cannot echo what it was not shown, so notes are kept, and statusReason and
   *     output are kept when it sends none
   * @throws LedgerRefusedException (broken rule) when focus, for or intent differ, or status is
   *     missing
   */
  public static Task proposed(Task current, Task incoming, boolean seesClinical) {
    List<Issue> issues = new ArrayList<>();
    if (!sameRef(current.getFocus(), incoming.getFocus())) {
      issues.add(new Issue(IssueType.BUSINESSRULE, "Task.focus", "focus cannot change"));
    }
    if (!sameRef(current.getFor(), incoming.getFor())) {
      issues.add(new Issue(IssueType.BUSINESSRULE, "Task.for", "for cannot change"));
    }
    if (incoming.hasIntent() && incoming.getIntent() != current.getIntent()) {
      issues.add(new Issue(IssueType.BUSINESSRULE, "Task.intent", "intent cannot change"));
    }
    if (!incoming.hasStatus()) {
      issues.add(new Issue(IssueType.REQUIRED, "Task.status", "status is required"));
    }
    issues.addAll(StoredLengths.ofTask(incoming));
    if (!issues.isEmpty()) {
      throw new LedgerRefusedException(Reason.BROKEN_RULE, issues);
    }
    Task after = current.copy();
    after.setStatus(incoming.getStatus());
    if (seesClinical || incoming.hasStatusReason()) {
      after.setStatusReason(incoming.hasStatusReason() ? incoming.getStatusReason() : null);
    }
    after.setBusinessStatus(incoming.hasBusinessStatus() ? incoming.getBusinessStatus() : null);
    if (incoming.hasOwner()) {
      after.setOwner(incoming.getOwner());
    }
    if (seesClinical || incoming.hasOutput()) {
      after.setOutput(incoming.getOutput());
    }
    if (seesClinical) {
      after.setNote(incoming.getNote());
    }
    if (incoming.getRestriction().getPeriod().hasEnd()) {
      // The owner may reschedule the step; a new due time gets its own overdue notice.
      after.getRestriction().getPeriod().setEnd(incoming.getRestriction().getPeriod().getEnd());
    }
    return after;
  }

  /**
   * Checks that the caller, standing to the Task as {@code relations}, may make the change from
   * {@code current} to {@code after}: the owner accepts, rejects, starts, holds, fails and
   * completes, and makes every other change of its Task; the requester cancels (or marks entered in
   * error); only a hub or Pathway itself (the router's decisions) reassigns the owner.
   *
   * @throws LedgerRefusedException (forbidden) naming the element the caller may not change
   */
  public static void checkParty(Set<Relation> relations, Task current, Task after) {
    if (relations.contains(Relation.SYSTEM)) {
      return;
    }
    if (!sameOwner(current.getOwner(), after.getOwner()) && !relations.contains(Relation.HUB)) {
      throw LedgerRefusedException.forbidden(
          "Task.owner", "only a hub or the router reassigns a Task's owner");
    }
    TaskStatus to = after.getStatus();
    if (current.getStatus() != to) {
      boolean requesterMove = to == TaskStatus.CANCELLED || to == TaskStatus.ENTEREDINERROR;
      boolean allowed =
          requesterMove
              ? relations.contains(Relation.REQUESTER)
              : relations.contains(Relation.OWNER);
      if (!allowed) {
        throw LedgerRefusedException.forbidden(
            "Task.status",
            requesterMove
                ? "only the requester may set status '" + to.toCode() + "'"
                : "only the owner may set status '" + to.toCode() + "'");
      }
      return;
    }
    boolean changed = !withoutOwner(current).equalsDeep(withoutOwner(after));
    if (changed && !relations.contains(Relation.OWNER) && !relations.contains(Relation.HUB)) {
      throw LedgerRefusedException.forbidden(
          "Task", "only the owner may change a Task other than by cancelling it");
    }
  }

  private static Task withoutOwner(Task t) {
    Task copy = t.copy();
    copy.setOwner(null);
    return copy;
  }

  /**
   * Checks the status move from {@code current} to {@code after} against the Task state machine.
   *
   * @throws LedgerRefusedException a state conflict for an illegal move, a broken rule for a legal
   *     move without the reason or output it needs
   */
  public static void checkTransition(Task current, Task after) {
    var refusal =
        TaskTransitions.check(
            current.getStatus(), after.getStatus(), after.hasStatusReason(), after.hasOutput());
    if (refusal.isPresent()) {
      var r = refusal.get();
      boolean illegal = r.kind() == TaskTransitions.Kind.ILLEGAL_TRANSITION;
      throw new LedgerRefusedException(
          illegal ? Reason.STATE_CONFLICT : Reason.BROKEN_RULE,
          new Issue(
              illegal ? IssueType.BUSINESSRULE : IssueType.REQUIRED, r.expression(), r.message()));
    }
  }

  /**
   * A Task moved to rejected must give its reason as a code of the published decline-reason
   * ValueSet ({@link DeclineReasons}): the GP, the link worker and the reports read these codes, so
   * free text alone, or a code the ValueSet lacks, would be a reason nobody can file or count.
   * Other codings may travel beside it; a coding in Pathway's own decline-reason system must still
   * be one of the ValueSet's. A link-worker service or a community group must also be a party that
   * may give it (a group cannot say the person was outside the service's area; a link worker cannot
   * say the group has closed).
   *
   * @param changer the role of the caller making the change, or null for Pathway itself
   * @throws LedgerRefusedException (broken rule) naming {@code Task.statusReason}
   */
  public static void checkDeclineReason(Task current, Task after, Role changer) {
    if (after.getStatus() != TaskStatus.REJECTED || current.getStatus() == TaskStatus.REJECTED) {
      return;
    }
    DeclinedBy party =
        changer == Role.LINK_WORKER_SERVICE
            ? DeclinedBy.LINK_WORKER
            : changer == Role.COMMUNITY_GROUP ? DeclinedBy.GROUP : null;
    boolean coded = false;
    for (var coding : after.getStatusReason().getCoding()) {
      var reason = DeclineReasons.find(coding.getSystem(), coding.getCode());
      if (reason.isEmpty() && !CodeSystems.DECLINE_REASON.equals(coding.getSystem())) {
        continue;
      }
      if (reason.isEmpty()) {
        throw declineRefused(
            "'"
                + Issue.echo(coding.getCode())
                + "' is not a code of the decline-reason ValueSet ("
                + DeclineReasons.VALUE_SET
                + ")");
      }
      if (party != null && !reason.get().givenBy(party)) {
        throw declineRefused(
            "'"
                + coding.getCode()
                + "' is a reason only a "
                + (party == DeclinedBy.GROUP ? "link-worker service" : "group")
                + " may give");
      }
      coded = true;
    }
    if (!coded) {
      throw declineRefused(
          "a declined Task needs a statusReason coded from the decline-reason ValueSet ("
              + DeclineReasons.VALUE_SET
              + "); free text alone is not accepted");
    }
  }

  private static LedgerRefusedException declineRefused(String message) {
    return new LedgerRefusedException(
        Reason.BROKEN_RULE, new Issue(IssueType.CODEINVALID, "Task.statusReason", message));
  }

  private static boolean sameRef(Reference a, Reference b) {
    return Objects.equals(
        a.getReferenceElement().toUnqualifiedVersionless().getValue(),
        b.getReferenceElement().toUnqualifiedVersionless().getValue());
  }

  /**
   * The same owner as the ledger stores and searches it ({@code Type/id} or {@code system|value}).
   */
  private static boolean sameOwner(Reference a, Reference b) {
    return Objects.equals(ReferralReader.tokenOf(a), ReferralReader.tokenOf(b));
  }
}
