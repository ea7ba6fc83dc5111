package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.OverdueNotices;
import org.pathway.fhiradapter.ledger.store.TaskRows;
import org.pathway.fhiradapter.sla.Rungs;
import org.pathway.fhiradapter.sla.SlaStep;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * The overdue scan: announces each open Task whose due time has passed ({@code ReferralOverdue}
 * through the outbox, with an audit record), once per Task per due time. The step's own due time is
 * the ladder's first rung (nudge); a later rung (escalate, return) is announced when the rung a
 * decision armed falls due while the Task is still on that step.
 */
@Singleton
public class OverdueScan {

  private static final String ACTOR = "system:sla-watch";

  private final LedgerTransactions transactions;
  private final TaskRows tasks;
  private final OverdueNotices notices;
  private final AuditTrail audit;
  private final OutboxWriter outbox;

  public OverdueScan(
      LedgerTransactions transactions,
      TaskRows tasks,
      OverdueNotices notices,
      AuditTrail audit,
      OutboxWriter outbox) {
    this.transactions = transactions;
    this.tasks = tasks;
    this.notices = notices;
    this.audit = audit;
    this.outbox = outbox;
  }

  /**
   * Emits one {@code ReferralOverdue} per open Task whose due time (or armed rung) is at or before
   * {@code asOf} and has not been announced yet, each in its own transaction with its {@code
   * overdue_notice} row; {@code asOf} is the event's time, so a test's clock decides the ladder.
   * The Task row lock and the notice's key (task, due time) keep it to one event per Task per due
   * time, however many scans or adapter instances run at once.
   *
   * @return the ids of the Tasks flagged by this call (at most {@code limit})
   */
  public List<String> flagOverdue(Instant asOf, int limit) {
    OffsetDateTime cutoff = asOf.atOffset(ZoneOffset.UTC);
    List<OverdueNotices.Due> due =
        transactions.inTransaction(
            tx -> {
              List<OverdueNotices.Due> all =
                  new ArrayList<>(
                      notices.unannounced(tx, TaskTransitions.openStatuses(), cutoff, limit));
              if (all.size() < limit) {
                all.addAll(
                    notices.armedRungsDue(
                        tx, TaskTransitions.openStatuses(), cutoff, limit - all.size()));
              }
              return all;
            });
    List<String> flagged = new ArrayList<>();
    for (OverdueNotices.Due d : due) {
      try {
        if (transactions.inTransaction(tx -> flagOne(tx, d, asOf))) {
          flagged.add(d.taskId());
        }
      } catch (NoticeTaken taken) {
        // Another scan (or adapter instance) announced it first.
      }
    }
    return flagged;
  }

  private boolean flagOne(LedgerTx tx, OverdueNotices.Due d, Instant asOf) throws SQLException {
    Task task = tasks.lock(tx, d.taskId()).orElse(null);
    if (task == null || TaskTransitions.isTerminal(task.getStatus())) {
      return false;
    }
    Instant end = TaskRows.dueAt(task);
    if (end == null || !end.equals(d.stepDueAt().toInstant())) {
      return false; // moved on since the candidate query: the next scan sees the new due time
    }
    if (notices.exists(tx, d.taskId(), d.dueAt())) {
      return false;
    }
    OffsetDateTime at = asOf.atOffset(ZoneOffset.UTC);
    TaskRows.Keys keys = tasks.keys(tx, d.taskId());
    String correlation = task.getGroupIdentifier().getValue();
    var env = EventMapper.envelope(keys.rootReferralId(), correlation, null, asOf);
    if (!notices.insert(tx, d, env.getEventId().toString(), at)) {
      throw new NoticeTaken();
    }
    String step =
        SlaStep.of(task).map(SlaStep::code).orElse(TaskTransitions.pendingStep(task.getStatus()));
    ReferralOverdue event = EventMapper.referralOverdue(task, step, d.dueAt().toInstant(), env);
    event.setRung(Rungs.toEvent(d.rung()));
    event.setStepDueAt(end);
    // The event's time is the watch's clock; the outbox row keeps the database's own.
    outbox.append(tx, keys.rootReferralId(), env, event, LedgerTx.now());
    audit.record(
        tx, "overdue", "Task", d.taskId(), new RequestContext(null, correlation, ACTOR, null));
    return true;
  }

  /** Rolls the transaction back when another scan recorded the notice first. */
  private static final class NoticeTaken extends RuntimeException {
    NoticeTaken() {
      super("overdue notice taken by a concurrent scan", null, false, false);
    }
  }
}
