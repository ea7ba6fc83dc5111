package org.pathway.router.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.directory.Directory;
import org.pathway.router.directory.DirectoryEntry;
import org.pathway.router.directory.ServiceKind;

/**
 * What to do with a step past its due time. A referral no provider accepted within {@code
 * autoReturnAfter} of being requested (two weeks in UK practice) goes back to the referrer; a step
 * overdue by less than {@code escalateAfter} earns the owner a nudge; anything later goes to the
 * hub. Time is the event's, never the wall clock, so a replay decides the same.
 */
public final class EscalationPolicy {

  /** Settings, all configurable. */
  public record Settings(Duration escalateAfter, Duration autoReturnAfter, String hubServiceId) {}

  static final String NUDGE_TEMPLATE = "overdue-nudge";
  static final String HUB_TEMPLATE = "overdue-escalation";
  static final String RETURN_TEMPLATE = "gp-task-update";

  private final Settings settings;
  private final Directory directory;
  private final EventFactory events;

  public EscalationPolicy(Settings settings, Directory directory, EventFactory events) {
    this.settings = settings;
    this.directory = directory;
    this.events = events;
  }

  /**
   * @param practiceOdsCode the referring practice, told when the referral is returned; may be null
   */
  public RouterOutput decide(ReferralOverdue overdue, String practiceOdsCode) {
    Instant now = overdue.getEnvelope().getOccurredAt();
    Duration waiting = Duration.between(overdue.getRequestedAt(), now);
    Duration late = Duration.between(overdue.getDueAt(), now);
    Optional<DirectoryEntry> owner =
        Optional.ofNullable(overdue.getOwner())
            .flatMap(o -> directory.byReference(o.getReference()));

    if (overdue.getStatus() == TaskStatus.REQUESTED
        && waiting.compareTo(settings.autoReturnAfter()) >= 0) {
      return returnToReferrer(overdue, owner, practiceOdsCode, waiting);
    }
    if (late.compareTo(settings.escalateAfter()) < 0 && owner.isPresent()) {
      return nudge(overdue, owner.get(), late);
    }
    return escalate(overdue, owner, late);
  }

  private RouterOutput returnToReferrer(
      ReferralOverdue overdue,
      Optional<DirectoryEntry> owner,
      String practiceOdsCode,
      Duration waiting) {
    Optional<DirectoryEntry> practice = directory.byOdsCode(practiceOdsCode);
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
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("taskId", overdue.getTaskId());
      fields.put("status", "RETURNED");
      fields.put("statusReason", "not accepted within " + days(settings.autoReturnAfter()));
      fields.put("service", owner.map(DirectoryEntry::name).orElse(null));
      fields.put("changedAt", overdue.getEnvelope().getOccurredAt().toString());
      notes =
          List.of(
              events.notification(
                  overdue.getEnvelope(),
                  "auto-return",
                  overdue.getTaskId(),
                  Audience.GP,
                  practice.get(),
                  endpoint.get(),
                  RETURN_TEMPLATE,
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

  private RouterOutput nudge(ReferralOverdue overdue, DirectoryEntry owner, Duration late) {
    List<NotificationRequested> notes = List.of();
    var channel = owner.preferredChannel();
    if (channel.isPresent()) {
      boolean facilitator = owner.kind() == ServiceKind.COMMUNITY_GROUP;
      Map<String, String> fields = new LinkedHashMap<>();
      // A facilitator's allowlist has no task ids; "when" is enough for them to find it.
      if (facilitator) {
        fields.put("when", overdue.getDueAt().toString());
      } else {
        fields.put("taskId", overdue.getTaskId());
        fields.put("dueAt", overdue.getDueAt().toString());
      }
      notes =
          List.of(
              events.notification(
                  overdue.getEnvelope(),
                  "nudge",
                  overdue.getTaskId(),
                  facilitator ? Audience.FACILITATOR : Audience.LINK_WORKER,
                  owner,
                  channel.get(),
                  NUDGE_TEMPLATE,
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
      ReferralOverdue overdue, Optional<DirectoryEntry> owner, Duration late) {
    Optional<DirectoryEntry> hub = directory.byId(settings.hubServiceId());
    var channel = hub.flatMap(DirectoryEntry::preferredChannel);
    List<NotificationRequested> notes = List.of();
    if (channel.isPresent()) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("taskId", overdue.getTaskId());
      fields.put("step", overdue.getStep());
      fields.put("owner", owner.map(DirectoryEntry::name).orElse("nobody"));
      fields.put("dueAt", overdue.getDueAt().toString());
      fields.put("status", overdue.getStatus().name());
      fields.put("action", RoutingAction.ESCALATE_TO_HUB.name());
      notes =
          List.of(
              events.notification(
                  overdue.getEnvelope(),
                  "escalation",
                  overdue.getTaskId(),
                  Audience.HUB,
                  hub.get(),
                  channel.get(),
                  HUB_TEMPLATE,
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
