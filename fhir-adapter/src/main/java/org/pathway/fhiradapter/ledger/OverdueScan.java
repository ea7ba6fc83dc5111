package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.OverdueNotices;
import org.pathway.fhiradapter.ledger.store.TaskRows;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * The overdue scan: announces each open Task whose due time has passed ({@code ReferralOverdue}
 * through the outbox, with an audit record), once per Task per due time.
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
   * Emits one {@code ReferralOverdue} per open Task whose due time is at or before {@code asOf} and
   * has not been announced yet, each in its own transaction with its {@code overdue_notice} row.
   * The Task row lock and the notice's key (task, due time) keep it to one event per Task per due
   * time, however many scans or adapter instances run at once.
   *
   * @return the ids of the Tasks flagged by this call (at most {@code limit})
   */
  public List<String> flagOverdue(Instant asOf, int limit) {
    OffsetDateTime cutoff = asOf.atOffset(ZoneOffset.UTC);
    List<OverdueNotices.Due> due =
        transactions.inTransaction(
            tx -> notices.unannounced(tx, TaskTransitions.openStatuses(), cutoff, limit));
    List<String> flagged = new ArrayList<>();
    for (OverdueNotices.Due d : due) {
      try {
        if (transactions.inTransaction(tx -> flagOne(tx, d))) {
          flagged.add(d.taskId());
        }
      } catch (NoticeTaken taken) {
        // Another scan (or adapter instance) announced it first.
      }
    }
    return flagged;
  }

  private boolean flagOne(LedgerTx tx, OverdueNotices.Due d) throws SQLException {
    Task task = tasks.lock(tx, d.taskId()).orElse(null);
    if (task == null || TaskTransitions.isTerminal(task.getStatus())) {
      return false;
    }
    Instant end = TaskRows.dueAt(task);
    if (end == null || !end.equals(d.dueAt().toInstant())) {
      return false; // rescheduled since the candidate query: the next scan sees the new due time
    }
    if (notices.exists(tx, d.taskId(), d.dueAt())) {
      return false;
    }
    OffsetDateTime at = LedgerTx.now();
    TaskRows.Keys keys = tasks.keys(tx, d.taskId());
    String correlation = task.getGroupIdentifier().getValue();
    var env = EventMapper.envelope(keys.rootReferralId(), correlation, null, at.toInstant());
    if (!notices.insert(tx, d.taskId(), d.dueAt(), env.getEventId().toString(), at)) {
      throw new NoticeTaken();
    }
    outbox.append(
        tx,
        keys.rootReferralId(),
        env,
        EventMapper.referralOverdue(task, TaskTransitions.pendingStep(task.getStatus()), end, env),
        at);
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
