package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.ledger.AppliedEvents.Applied;
import org.pathway.fhiradapter.ledger.store.AppliedEventLog;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.OverdueNotices;
import org.pathway.fhiradapter.ledger.store.TaskRows;
import org.pathway.fhiradapter.sla.AutoReturn;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * Applies the router's decisions on overdue steps, once per event id: a nudge or an escalation arms
 * the ladder's next rung; a return sends the Task back to its referrer through the one save path
 * (children closed, the GP told by the feedback that follows the Task change). A decision on a step
 * the Task has since left changes nothing.
 */
@Singleton
public class LadderDecisions {

  /** What the router decided on an overdue step. */
  public enum Kind {
    NUDGE,
    ESCALATE,
    RETURN
  }

  /**
   * One decision.
   *
   * @param eventId the decision's event id
   * @param topic where it was read
   * @param overdueEventId the overdue event it answers (its causation id)
   * @param kind what the router decided
   * @param nextRung the rung to arm (stored name), or null when the ladder ends here
   * @param nextRungDueAt when that rung falls due, or null
   */
  public record Decision(
      String eventId,
      String topic,
      String overdueEventId,
      Kind kind,
      String nextRung,
      Instant nextRungDueAt) {}

  private final AppliedEventLog log;
  private final OverdueNotices notices;
  private final TaskRows tasks;
  private final TaskSaver saver;
  private final AuditTrail audit;

  public LadderDecisions(
      AppliedEventLog log,
      OverdueNotices notices,
      TaskRows tasks,
      TaskSaver saver,
      AuditTrail audit) {
    this.log = log;
    this.notices = notices;
    this.tasks = tasks;
    this.saver = saver;
    this.audit = audit;
  }

  /**
   * Applies {@code d} once, inside {@code batch} (durable when it commits); a redelivery changes
   * nothing.
   */
  public Applied apply(LedgerTransactions.Batch batch, Decision d, RequestContext ctx) {
    return batch.run(work(d, ctx));
  }

  private LedgerTransactions.Work<Applied> work(Decision d, RequestContext ctx) {
    return tx -> {
      if (!log.markApplied(tx, d.eventId(), d.topic())) {
        return Applied.ALREADY_APPLIED;
      }
      var notice =
          d.overdueEventId() == null
              ? Optional.<OverdueNotices.Notice>empty()
              : notices.byEvent(tx, d.overdueEventId());
      if (notice.isEmpty()) {
        return Applied.APPLIED; // not an overdue event of this ledger: nothing to climb
      }
      String taskId = notice.get().taskId();
      Task task = tasks.lock(tx, taskId).orElse(null);
      Instant stepDue = notice.get().stepDueAt().toInstant();
      if (task == null
          || TaskTransitions.isTerminal(task.getStatus())
          || !stepDue.equals(TaskRows.dueAt(task))) {
        return Applied.APPLIED; // the step moved on: its ladder is disarmed
      }
      var at = LedgerTx.now();
      if (d.kind() == Kind.RETURN) {
        Task returned = AutoReturn.returned(task);
        if (returned != null) {
          saver.save(tx, task, returned, ctx, at);
        }
        notices.disarm(tx, taskId);
      } else if (d.nextRung() != null && d.nextRungDueAt() != null) {
        notices.arm(
            tx,
            taskId,
            notice.get().stepDueAt(),
            d.nextRung(),
            d.nextRungDueAt().atOffset(ZoneOffset.UTC),
            d.eventId(),
            at);
      } else {
        notices.disarm(tx, taskId);
      }
      audit.record(tx, "apply-event", "Task", taskId, ctx);
      return Applied.APPLIED;
    };
  }
}
