package org.pathway.fhiradapter.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.StoredLengths;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * What a Task update may change, as pure functions: the proposed next version of a Task from an
 * incoming one, and whether the state machine allows it.
 */
public final class TaskChangeCheck {

  private TaskChangeCheck() {}

  /**
   * {@code current} with what an update may change taken from {@code incoming}: status,
   * statusReason, businessStatus, owner, output, note, and the due time ({@code
   * restriction.period.end}, kept when omitted).
   *
   * @throws LedgerRefusedException (broken rule) when focus, for or intent differ, or status is
   *     missing
   */
  public static Task proposed(Task current, Task incoming) {
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
    after.setStatusReason(incoming.hasStatusReason() ? incoming.getStatusReason() : null);
    after.setBusinessStatus(incoming.hasBusinessStatus() ? incoming.getBusinessStatus() : null);
    after.setOwner(incoming.hasOwner() ? incoming.getOwner() : null);
    after.setOutput(incoming.getOutput());
    after.setNote(incoming.getNote());
    if (incoming.getRestriction().getPeriod().hasEnd()) {
      // The owner may reschedule the step; a new due time gets its own overdue notice.
      after.getRestriction().getPeriod().setEnd(incoming.getRestriction().getPeriod().getEnd());
    }
    return after;
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

  private static boolean sameRef(Reference a, Reference b) {
    return Objects.equals(
        a.getReferenceElement().toUnqualifiedVersionless().getValue(),
        b.getReferenceElement().toUnqualifiedVersionless().getValue());
  }
}
