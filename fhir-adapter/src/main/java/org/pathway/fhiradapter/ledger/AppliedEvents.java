package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.ids.RandomUuids;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.store.AppliedEventLog;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.ReferralRows;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/**
 * Applies consumed events (routing decisions, notification receipts) to the ledger, once per event
 * id: the {@link AppliedEventLog} entry, the Task change through the one save path, a Communication
 * and an audit record commit together, so a redelivery changes nothing.
 */
@Singleton
public class AppliedEvents {

  /** What applying a consumed event did. */
  public enum Applied {
    APPLIED,
    ALREADY_APPLIED
  }

  /** A change to the Task of a referral caused by a consumed event. */
  @FunctionalInterface
  public interface TaskChange {
    /** The new content for {@code current} (a copy may be changed and returned), or null. */
    Task apply(Task current);
  }

  private final AppliedEventLog log;
  private final ReferralRows referrals;
  private final TaskRows tasks;
  private final ResourceRows resources;
  private final TaskSaver saver;
  private final AuditTrail audit;

  public AppliedEvents(
      AppliedEventLog log,
      ReferralRows referrals,
      TaskRows tasks,
      ResourceRows resources,
      TaskSaver saver,
      AuditTrail audit) {
    this.log = log;
    this.referrals = referrals;
    this.tasks = tasks;
    this.resources = resources;
    this.saver = saver;
    this.audit = audit;
  }

  /**
   * Those of {@code eventIds} applied before, read in {@code batch}'s transaction: one query for a
   * poll, so that a batch whose entries in the log go with its appends (one statement at the commit
   * rather than one per event) skips a redelivered event rather than failing its commit on it.
   */
  public Set<String> appliedAmong(LedgerTransactions.Batch batch, Collection<String> eventIds) {
    return batch.read(tx -> log.appliedAmong(tx, eventIds));
  }

  /**
   * Applies a consumed event to the Task {@code taskId} (or the referral's first Task when null),
   * once per {@code eventId}, inside {@code batch}: durable only when the batch commits; a
   * redelivery changes nothing, and a refusal undoes only this event.
   *
   * @param communication a Communication to record with the change, or null
   * @throws LedgerRefusedException (not found) when neither Task nor referral is held
   */
  public Applied apply(
      LedgerTransactions.Batch batch,
      String eventId,
      String topic,
      String referralId,
      String taskId,
      TaskChange change,
      Communication communication,
      RequestContext ctx) {
    return batch.run(work(eventId, topic, referralId, taskId, change, communication, ctx));
  }

  private LedgerTransactions.Work<Applied> work(
      String eventId,
      String topic,
      String referralId,
      String taskId,
      TaskChange change,
      Communication communication,
      RequestContext ctx) {
    return tx -> {
      if (!log.markApplied(tx, eventId, topic)) {
        return Applied.ALREADY_APPLIED;
      }
      String id = taskId;
      if (id == null) {
        id = referrals.byId(tx, referralId).map(ReferralRows.Referral::taskId).orElse(null);
      }
      Optional<Task> current = id == null ? Optional.empty() : tasks.lock(tx, id);
      if (current.isEmpty()) {
        throw new LedgerRefusedException(
            Reason.NOT_FOUND,
            new Issue(
                IssueType.NOTFOUND,
                null,
                "no Task " + taskId + " for referral " + referralId + " in the ledger"));
      }
      var at = LedgerTx.now();
      Task before = current.get();
      Task after = change.apply(before.copy());
      if (after != null && !after.equalsDeep(before)) {
        saver.save(tx, before, after, ctx, at);
      }
      if (communication != null) {
        // A copy: the work may run again (a batch that freed its locks), and must add each once.
        Communication sent = communication.copy();
        sent.setId(RandomUuids.nextString());
        sent.addPartOf(new Reference("Task/" + id));
        sent.addBasedOn(before.getFocus().copy());
        sent.setSubject(before.getFor().copy());
        resources.insert(tx, sent, tasks.keys(tx, id).rootReferralId(), at);
      }
      audit.record(tx, "apply-event", "Task", id, ctx);
      return Applied.APPLIED;
    };
  }
}
