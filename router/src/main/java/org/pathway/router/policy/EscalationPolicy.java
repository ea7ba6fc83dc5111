package org.pathway.router.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.OverdueRung;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.RouterOutput;

/**
 * What to do with a step past its due time: the SLA ladder. The step's own due time earns the owner
 * a nudge; {@code escalateAfter} later the hub is told; {@code autoReturnAfter} after that a
 * referral still not accepted goes back to its referrer. Each decision names the next rung and when
 * it falls due, which the ledger arms; a step that moves on meanwhile disarms it. A Task with no
 * known owner has nobody to nudge and goes straight to the hub; a step after acceptance is never
 * returned (the ladder ends at the hub). Time is the event's, never the wall clock, so a replay
 * decides the same.
 */
public final class EscalationPolicy {

  /**
   * Settings, all configurable.
   *
   * @param escalateAfter how long after the nudge the hub is told
   * @param autoReturnAfter how long after the escalation an unaccepted referral is returned
   * @param hubServiceId the directory id of the hub
   */
  public record Settings(Duration escalateAfter, Duration autoReturnAfter, String hubServiceId) {}

  private final Settings settings;
  private final Directory directory;
  private final EventFactory events;

  public EscalationPolicy(Settings settings, Directory directory, EventFactory events) {
    this.settings = settings;
    this.directory = directory;
    this.events = events;
  }

  /** The rung an overdue event announces; written before the ladder, it is the first. */
  static OverdueRung rungOf(ReferralOverdue overdue) {
    OverdueRung rung = overdue.getRung();
    return rung == null || rung == OverdueRung.UNKNOWN ? OverdueRung.NUDGE : rung;
  }

  /**
   * @param referral what the router remembers of the referral: the practice a returned referral
   *     goes back to, the person and the priority the templates show
   */
  public RouterOutput decide(ReferralOverdue overdue, KnownReferral referral) {
    Instant now = overdue.getEnvelope().getOccurredAt();
    Optional<DirectoryEntry> owner =
        Optional.ofNullable(overdue.getOwner())
            .flatMap(o -> directory.byReference(o.getReference()));
    // Only a referral nobody has accepted can go back: an accepted one has a provider.
    boolean returnable = overdue.getStatus() == TaskStatus.REQUESTED;
    switch (rungOf(overdue)) {
      case NUDGE -> {
        if (owner.isPresent()) {
          RouterOutput nudge = nudge(overdue, owner.get(), referral);
          return climb(nudge, OverdueRung.ESCALATE, now.plus(settings.escalateAfter()));
        }
        RouterOutput escalate = escalate(overdue, owner, referral);
        return returnable
            ? climb(escalate, OverdueRung.RETURN, now.plus(settings.autoReturnAfter()))
            : escalate;
      }
      case ESCALATE -> {
        RouterOutput escalate = escalate(overdue, owner, referral);
        return returnable
            ? climb(escalate, OverdueRung.RETURN, now.plus(settings.autoReturnAfter()))
            : escalate;
      }
      default -> {
        if (!returnable) {
          return escalate(overdue, owner, referral);
        }
        return returnToReferrer(overdue, owner, referral);
      }
    }
  }

  /** {@code output}'s decision with the ladder's next rung armed at {@code dueAt}. */
  private static RouterOutput climb(RouterOutput output, OverdueRung next, Instant dueAt) {
    for (RoutingDecisionMade d : output.decisions()) {
      d.setNextRung(next);
      d.setNextRungDueAt(dueAt);
    }
    return output;
  }

  /**
   * The last rung: the ledger rejects the Task with a coded reason and the GP hears of it from the
   * Task change (the GP feedback policy), so nothing is sent from here.
   */
  private RouterOutput returnToReferrer(
      ReferralOverdue overdue, Optional<DirectoryEntry> owner, KnownReferral referral) {
    Optional<DirectoryEntry> practice = directory.byOdsCode(referral.practiceOdsCode());
    Duration waiting =
        Duration.between(overdue.getRequestedAt(), overdue.getEnvelope().getOccurredAt());
    String explanation =
        "no provider accepted step '"
            + overdue.getStep()
            + "'"
            + owner.map(o -> " (" + o.name() + ")").orElse("")
            + " after a nudge and an escalation (waiting "
            + days(waiting)
            + "); returned to the referrer";
    return new RouterOutput(
        List.of(
            events.decision(
                overdue.getEnvelope(),
                overdue,
                overdue.getTaskId(),
                RoutingAction.RETURN_TO_REFERRER,
                practice.map(DirectoryEntry::toActor).orElse(null),
                "auto-return",
                owner.map(DirectoryEntry::capacity).orElse(CapacityStatus.UNKNOWN),
                explanation)),
        List.of());
  }

  private RouterOutput nudge(
      ReferralOverdue overdue, DirectoryEntry owner, KnownReferral referral) {
    Duration late = late(overdue);
    List<NotificationRequested> notes = List.of();
    var channel = owner.preferredChannel();
    if (channel.isPresent()) {
      boolean facilitator = owner.kind() == ServiceKind.COMMUNITY_GROUP;
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("taskId", overdue.getTaskId());
      if (facilitator) {
        // A first name only, as in the facilitator's first message.
        fields.put("personFirstName", referral.givenName());
        fields.put("groupName", owner.name());
      } else {
        fields.put("overdueStep", overdue.getStep());
        fields.put("dueDate", stepDueAt(overdue).toString());
      }
      notes =
          List.of(
              events.notification(
                  overdue.getEnvelope(),
                  "nudge",
                  overdue.getTaskId(),
                  facilitator
                      ? NotificationTemplates.FACILITATOR_REMINDER
                      : NotificationTemplates.LINK_WORKER_OVERDUE,
                  owner,
                  channel.get(),
                  fields));
    }
    return new RouterOutput(
        List.of(
            events.decision(
                overdue.getEnvelope(),
                overdue,
                overdue.getTaskId(),
                RoutingAction.NUDGE_OWNER,
                owner.toActor(),
                "nudge",
                owner.capacity(),
                "step '"
                    + overdue.getStep()
                    + "' is "
                    + hours(late)
                    + " overdue; nudging "
                    + owner.name()
                    + (channel.isEmpty() ? " (no channel: not sent)" : ""))),
        notes);
  }

  private RouterOutput escalate(
      ReferralOverdue overdue, Optional<DirectoryEntry> owner, KnownReferral referral) {
    Duration late = late(overdue);
    Optional<DirectoryEntry> hub = directory.byId(settings.hubServiceId());
    var channel = hub.flatMap(DirectoryEntry::preferredChannel);
    List<NotificationRequested> notes = List.of();
    if (channel.isPresent()) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("taskId", overdue.getTaskId());
      fields.put("overdueStep", overdue.getStep());
      fields.put("referringPractice", referral.practiceOdsCode());
      fields.put("priority", referral.priority());
      fields.put("owner", owner.map(DirectoryEntry::name).orElse("nobody"));
      fields.put("dueDate", stepDueAt(overdue).toString());
      notes =
          List.of(
              events.notification(
                  overdue.getEnvelope(),
                  "escalation",
                  overdue.getTaskId(),
                  NotificationTemplates.HUB_OVERDUE,
                  hub.get(),
                  channel.get(),
                  fields));
    }
    return new RouterOutput(
        List.of(
            events.decision(
                overdue.getEnvelope(),
                overdue,
                overdue.getTaskId(),
                RoutingAction.ESCALATE_TO_HUB,
                hub.map(DirectoryEntry::toActor).orElse(null),
                "escalate",
                CapacityStatus.UNKNOWN,
                "step '"
                    + overdue.getStep()
                    + "' is "
                    + hours(late)
                    + " overdue"
                    + (owner.isEmpty() ? " and has no known owner" : "")
                    + "; escalated to the hub"
                    + (channel.isEmpty()
                        ? " (hub " + settings.hubServiceId() + " unreachable)"
                        : ""))),
        notes);
  }

  /** When the step itself was due (before the ladder, the event's own due time). */
  private static Instant stepDueAt(ReferralOverdue overdue) {
    return overdue.getStepDueAt() == null ? overdue.getDueAt() : overdue.getStepDueAt();
  }

  /** How late the step is: since its own due time, whatever rung this is. */
  private static Duration late(ReferralOverdue overdue) {
    return Duration.between(stepDueAt(overdue), overdue.getEnvelope().getOccurredAt());
  }

  private static String days(Duration d) {
    return d.toDays() + " days";
  }

  private static String hours(Duration d) {
    return d.toHours() + " h";
  }
}
