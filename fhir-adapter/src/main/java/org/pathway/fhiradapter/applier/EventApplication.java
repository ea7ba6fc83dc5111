package org.pathway.fhiradapter.applier;

import java.util.Date;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Communication.CommunicationStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.fhiradapter.ledger.AppliedEvents;
import org.pathway.fhiradapter.ledger.LadderDecisions;
import org.pathway.fhiradapter.ledger.TaskCodes;
import org.pathway.fhiradapter.sla.Rungs;

/**
 * What a consumed event means for the ledger, as a pure function: which Task, what change, which
 * Communication. An event that cannot mean anything is {@link Unusable} and goes to the dead-letter
 * topic.
 */
public final class EventApplication {

  private EventApplication() {}

  /**
   * What to apply.
   *
   * @param taskId the Task, or null for the referral's first Task
   * @param change the Task change, or a no-op
   * @param communication a Communication to record, or null
   * @param actor who caused it
   */
  public record Plan(
      EventEnvelope envelope,
      String taskId,
      AppliedEvents.TaskChange change,
      Communication communication,
      String actor) {}

  /** An event the ledger cannot apply; the reason goes into the dead-letter header. */
  public static final class Unusable extends RuntimeException {
    public Unusable(String reason) {
      super(reason);
    }
  }

  /**
   * The router's decision on an overdue step, for the ledger's ladder ({@code LadderDecisions}), or
   * empty when {@code event} is not one.
   */
  public static Optional<LadderDecisions.Decision> ladder(SpecificRecord event, String topic) {
    if (!(event instanceof RoutingDecisionMade d)
        || !ReferralOverdue.getClassSchema().getFullName().equals(d.getCausedByEventType())) {
      return Optional.empty();
    }
    LadderDecisions.Kind kind =
        switch (d.getAction()) {
          case NUDGE_OWNER -> LadderDecisions.Kind.NUDGE;
          case ESCALATE_TO_HUB -> LadderDecisions.Kind.ESCALATE;
          case RETURN_TO_REFERRER -> LadderDecisions.Kind.RETURN;
          default -> null;
        };
    if (kind == null) {
      return Optional.empty();
    }
    boolean next = d.getNextRung() != null && d.getNextRungDueAt() != null;
    return Optional.of(
        new LadderDecisions.Decision(
            d.getEnvelope().getEventId().toString(),
            topic,
            d.getEnvelope().getCausationId(),
            kind,
            next ? Rungs.stored(d.getNextRung()) : null,
            next ? d.getNextRungDueAt() : null));
  }

  /** The plan for {@code event}. */
  public static Plan plan(SpecificRecord event) {
    if (event instanceof RoutingDecisionMade d) {
      return routing(d);
    }
    if (event instanceof NotificationDelivered n) {
      return delivered(n);
    }
    if (event instanceof NotificationFailed f) {
      return failed(f);
    }
    throw new Unusable("the ledger applier does not apply " + event.getClass().getSimpleName());
  }

  private static Plan routing(RoutingDecisionMade d) {
    boolean waitlist =
        d.getAction() == RoutingAction.WAITLIST
            && d.getTarget() != null
            && !d.getTarget().getReference().isBlank();
    if (d.getAction() == RoutingAction.ASSIGN_OWNER || waitlist) {
      Actor target = d.getTarget();
      if (target == null || target.getReference().isBlank()) {
        throw new Unusable(d.getAction() + " without a target");
      }
      Reference owner = new Reference(target.getReference()).setDisplay(target.getDisplay());
      if (target.getIdentifier() != null && target.getIdentifier().contains("|")) {
        String[] parts = target.getIdentifier().split("\\|", 2);
        owner.setIdentifier(new Identifier().setSystem(parts[0]).setValue(parts[1]));
      }
      if (waitlist) {
        // A referral waitlisted at a service is that service's to hold while the person waits: it
        // owns the Task (and its signed link names it); a Task already owned keeps its owner.
        return new Plan(
            d.getEnvelope(),
            d.getTaskId(),
            task -> task.hasOwner() ? null : task.setOwner(owner),
            null,
            "router");
      }
      return new Plan(d.getEnvelope(), d.getTaskId(), task -> task.setOwner(owner), null, "router");
    }
    // Other decisions (unroutable; nudge, escalate and return not about an overdue step of this
    // ledger) change no Task here; they are recorded as applied so a redelivery is recognised.
    return new Plan(d.getEnvelope(), d.getTaskId(), task -> null, null, "router");
  }

  private static Plan delivered(NotificationDelivered n) {
    var comm = communication(n.getNotificationId().toString(), n.getChannel().name());
    comm.setStatus(CommunicationStatus.COMPLETED);
    comm.setSent(Date.from(n.getDeliveredAt()));
    comm.addPayload()
        .setContent(
            new org.hl7.fhir.r4.model.StringType(
                "delivered by "
                    + n.getChannel()
                    + " after "
                    + n.getAttempts()
                    + " attempt(s)"
                    + (n.getResentInDoubt() ? "; resent while in doubt" : "")));
    return new Plan(
        n.getEnvelope(),
        concernedTask(n.getTaskId()),
        task -> {
          // Delivery is the first business step; never overwrite a later one.
          if (!task.hasBusinessStatus()) {
            task.setBusinessStatus(TaskCodes.businessStatus("delivered"));
            return task;
          }
          return null;
        },
        comm,
        "notifier");
  }

  private static Plan failed(NotificationFailed f) {
    var comm = communication(f.getNotificationId().toString(), f.getChannel().name());
    comm.setStatus(CommunicationStatus.NOTDONE);
    comm.setStatusReason(new CodeableConcept().setText(f.getReason()));
    return new Plan(f.getEnvelope(), concernedTask(f.getTaskId()), task -> null, comm, "notifier");
  }

  /**
   * The Task a receipt is filed under: the one its notification concerned (a facilitator's notice
   * concerns the group's child Task); null, the referral's first Task, for a receipt written before
   * receipts carried it.
   */
  static String concernedTask(String taskId) {
    return taskId == null || taskId.isBlank() ? null : taskId;
  }

  private static Communication communication(String notificationId, String channel) {
    var comm = new Communication();
    comm.addIdentifier().setSystem(IdentifierSystems.NOTIFICATION_ID).setValue(notificationId);
    comm.addMedium().setText(channel);
    return comm;
  }
}
