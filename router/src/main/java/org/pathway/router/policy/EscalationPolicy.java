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
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.RouterOutput;

/**
 * What to do with a step past its due time. A referral no provider accepted within {@code
 * autoReturnAfter} of being requested (two weeks in UK practice) goes back to the referrer; a step
 * overdue by less than {@code escalateAfter} earns the owner a nudge; anything later goes to the
 * hub. Time is the event's, never the wall clock, so a replay decides the same.
 */
public final class EscalationPolicy {

  /** Settings, all configurable. */
  public record Settings(Duration escalateAfter, Duration autoReturnAfter, String hubServiceId) {}

  private final Settings settings;
  private final Directory directory;
  private final EventFactory events;

  public EscalationPolicy(Settings settings, Directory directory, EventFactory events) {
    this.settings = settings;
    this.directory = directory;
    this.events = events;
  }

  /**
   * @param referral what the router remembers of the referral: the practice told when it is
   *     returned, the person and the priority the templates show
   */
  public RouterOutput decide(ReferralOverdue overdue, KnownReferral referral) {
    Instant now = overdue.getEnvelope().getOccurredAt();
    Duration waiting = Duration.between(overdue.getRequestedAt(), now);
    Duration late = Duration.between(overdue.getDueAt(), now);
    Optional<DirectoryEntry> owner =
        Optional.ofNullable(overdue.getOwner())
            .flatMap(o -> directory.byReference(o.getReference()));

    if (overdue.getStatus() == TaskStatus.REQUESTED
        && waiting.compareTo(settings.autoReturnAfter()) >= 0) {
      return returnToReferrer(overdue, owner, referral, waiting);
    }
    if (late.compareTo(settings.escalateAfter()) < 0 && owner.isPresent()) {
      return nudge(overdue, owner.get(), referral, late);
    }
    return escalate(overdue, owner, referral, late);
  }

  private RouterOutput returnToReferrer(
      ReferralOverdue overdue,
      Optional<DirectoryEntry> owner,
      KnownReferral referral,
      Duration waiting) {
    Optional<DirectoryEntry> practice = directory.byOdsCode(referral.practiceOdsCode());
    var endpoint = practice.flatMap(p -> p.channel(Channel.FHIR));
    String explanation =
        "no provider accepted step '"
            + overdue.getStep()
            + "' within "
            + days(settings.autoReturnAfter())
            + " (waiting "
            + days(waiting)
            + "); returned to the referrer"
            + (endpoint.isEmpty() ? "; the practice has no FHIR endpoint to tell" : "");
    List<NotificationRequested> notes = List.of();
    if (endpoint.isPresent()) {
      Map<String, String> fields = GpFeedbackPolicy.gpFields(referral);
      fields.put("taskId", overdue.getTaskId());
      // Returned unaccepted: on the GP's side the request was declined, with the reason.
      fields.put("taskStatus", GpFeedbackPolicy.fhirCode(TaskStatus.REJECTED));
      fields.put("statusReason", "not accepted within " + days(settings.autoReturnAfter()));
      fields.put("linkWorkerService", owner.map(DirectoryEntry::name).orElse(null));
      notes =
          List.of(
              events.notification(
                  overdue.getEnvelope(),
                  "auto-return",
                  overdue.getTaskId(),
                  NotificationTemplates.GP_STATUS_UPDATE,
                  practice.get(),
                  endpoint.get(),
                  fields));
    }
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
        notes);
  }

  private RouterOutput nudge(
      ReferralOverdue overdue, DirectoryEntry owner, KnownReferral referral, Duration late) {
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
        fields.put("dueDate", overdue.getDueAt().toString());
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
      ReferralOverdue overdue,
      Optional<DirectoryEntry> owner,
      KnownReferral referral,
      Duration late) {
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
      fields.put("dueDate", overdue.getDueAt().toString());
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

  private static String days(Duration d) {
    return d.toDays() + " days";
  }

  private static String hours(Duration d) {
    return d.toHours() + " h";
  }
}
