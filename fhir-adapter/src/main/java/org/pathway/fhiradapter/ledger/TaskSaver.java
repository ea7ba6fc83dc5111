package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.TaskOutput;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.OutcomeRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;
import org.pathway.fhiradapter.sla.StepDueTimes;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * The one save path for a changed Task, whoever changed it (an update, intake marking a parent, an
 * applied event, a cascade): the next version, its provenance and the event announcing it, in the
 * caller's transaction. Cancelling a Task cancels its open child Tasks the same way.
 */
@Singleton
public class TaskSaver {

  private final TaskRows tasks;
  private final AuditTrail audit;
  private final OutboxWriter outbox;
  private final StepDueTimes dueTimes;
  private final OutcomeRows outcomes;
  private final GroupPlaces places;

  public TaskSaver(
      TaskRows tasks,
      AuditTrail audit,
      OutboxWriter outbox,
      StepDueTimes dueTimes,
      OutcomeRows outcomes,
      GroupPlaces places) {
    this.tasks = tasks;
    this.audit = audit;
    this.outbox = outbox;
    this.dueTimes = dueTimes;
    this.outcomes = outcomes;
    this.places = places;
  }

  /**
   * Stores {@code after} as the version after {@code before} (held and locked), stamped {@code at};
   * returns the stored Task. A group's Task moves the group's places and waitlist in the same
   * transaction ({@link GroupPlaces}), which may store it waitlisted rather than accepted and offer
   * a freed place to the next person waiting.
   */
  public Task save(LedgerTx tx, Task before, Task after, RequestContext ctx, OffsetDateTime at)
      throws SQLException {
    return save(tx, before, after, ctx, at, false);
  }

  /**
   * Stores the Tasks a change of a group's count touched (offered a place, moved up the waitlist),
   * each already counted.
   */
  public void saveCounted(
      LedgerTx tx, List<GroupPlaces.Followup> followups, RequestContext ctx, OffsetDateTime at)
      throws SQLException {
    for (var f : followups) {
      write(tx, f.before(), f.after(), ctx, at, false);
    }
  }

  private Task save(
      LedgerTx tx, Task before, Task after, RequestContext ctx, OffsetDateTime at, boolean cascaded)
      throws SQLException {
    List<GroupPlaces.Followup> followups = places.apply(tx, before, after, ctx, at);
    Task saved = write(tx, before, after, ctx, at, cascaded);
    saveCounted(tx, followups, ctx, at);
    return saved;
  }

  private Task write(
      LedgerTx tx, Task before, Task after, RequestContext ctx, OffsetDateTime at, boolean cascaded)
      throws SQLException {
    String id = before.getIdElement().getIdPart();
    after.setId(id);
    TaskRows.Keys keys = tasks.keys(tx, id);
    int version = Integer.parseInt(before.getMeta().getVersionId()) + 1;
    after.setLastModified(Date.from(at.toInstant()));
    // A Task on a new step (accepted, first contact made...) gets that step's due time, unless
    // whoever moved it set one: the SLA ladder of the old step is disarmed with it.
    dueTimes.restartClock(before, after, at.toInstant());
    String requesterRef = ReferralReader.tokenOf(after.getRequester());
    String ownerRef = after.hasOwner() ? ReferralReader.tokenOf(after.getOwner()) : null;
    tasks.write(
        tx,
        after,
        version,
        keys,
        requesterRef,
        Parties.organizationOf(requesterRef),
        ownerRef,
        Parties.organizationOf(ownerRef),
        at);
    boolean statusChanged = before.getStatus() != after.getStatus();
    if (statusChanged) {
      String reason =
          cascaded
              ? "cascaded from parent"
              : after.hasStatusReason() ? after.getStatusReason().getText() : null;
      audit.provenance(
          tx, id, version, at, before.getStatus(), after.getStatus(), ctx.actor(), reason);
    }
    List<String> cancelledChildren =
        !cascaded && statusChanged && closesChildren(after.getStatus())
            ? cancelChildren(tx, id, after.getStatusReason(), ctx, at)
            : List.of();
    EventEnvelope env =
        EventMapper.envelope(
            keys.rootReferralId(),
            after.getGroupIdentifier().getValue(),
            ctx.causationId(),
            at.toInstant());
    SpecificRecord event = announcement(before, after, keys, cancelledChildren, ctx, env, cascaded);
    if (event instanceof TaskStatusChanged change) {
      stampMeasurementTimes(tx, change);
    }
    if (event != null) {
      outbox.append(tx, keys.rootReferralId(), env, event, at);
    }
    return after;
  }

  /**
   * Each score output gets the time its measure was taken, from the ledger's outcome row: the
   * Task's output holds only the reference and the text, and the GP's copy of the score is
   * effective when it was taken, not when it was sent.
   */
  private void stampMeasurementTimes(LedgerTx tx, TaskStatusChanged change) throws SQLException {
    for (TaskOutput output : change.getOutputs()) {
      String ref = output.getReference();
      if (output.getScore() == null || ref == null || !ref.startsWith("Observation/")) {
        continue;
      }
      var recorded = outcomes.score(tx, ref.substring("Observation/".length()));
      if (recorded.isPresent()) {
        output.getScore().setEffectiveAtMillis(recorded.get().effectiveAt().toEpochMilli());
      }
    }
  }

  /**
   * The event a change is announced with, or null when nothing a consumer follows changed: a
   * cancellation is {@code ReferralCancelled} (naming the children it cancelled), a cascaded one a
   * status change of the child by {@code cascade}; any other change of status, business status or
   * owner is {@code TaskStatusChanged}.
   */
  static SpecificRecord announcement(
      Task before,
      Task after,
      TaskRows.Keys keys,
      List<String> cancelledChildren,
      RequestContext ctx,
      EventEnvelope env,
      boolean cascaded) {
    if (cascaded) {
      return EventMapper.taskStatusChanged(before, after, env, EventMapper.system("cascade"));
    }
    var by =
        ctx.link() != null
            ? EventMapper.linkRecipient(ctx.link())
            : ctx.caller() != null
                ? EventMapper.apiCaller(ctx.caller(), ctx.actor())
                : EventMapper.system(ctx.actor() == null ? "unknown" : ctx.actor());
    boolean statusChanged = before.getStatus() != after.getStatus();
    if (statusChanged && after.getStatus() == TaskStatus.CANCELLED) {
      return EventMapper.referralCancelled(keys.referralId(), after, cancelledChildren, env, by);
    }
    if (statusChanged
        || !before.getBusinessStatus().equalsDeep(after.getBusinessStatus())
        || !before.getOwner().equalsDeep(after.getOwner())) {
      return EventMapper.taskStatusChanged(before, after, env, by);
    }
    return null;
  }

  /**
   * A cancelled Task, or one rejected (returned to its referrer by the SLA ladder), leaves no open
   * child behind.
   */
  private static boolean closesChildren(TaskStatus status) {
    return status == TaskStatus.CANCELLED || status == TaskStatus.REJECTED;
  }

  /** Cancels every open descendant of {@code parentId}; returns their ids, parents first. */
  private List<String> cancelChildren(
      LedgerTx tx, String parentId, CodeableConcept reason, RequestContext ctx, OffsetDateTime at)
      throws SQLException {
    List<String> cancelled = new ArrayList<>();
    for (String childId : tasks.childrenOf(tx, parentId)) {
      Task child = tasks.lock(tx, childId).orElseThrow();
      if (TaskTransitions.isTerminal(child.getStatus())) {
        continue;
      }
      Task after = child.copy();
      after.setStatus(TaskStatus.CANCELLED);
      after.setStatusReason(reason.copy());
      save(tx, child, after, ctx, at, true);
      cancelled.add(childId);
      cancelled.addAll(cancelChildren(tx, childId, reason, ctx, at));
    }
    return cancelled;
  }
}
