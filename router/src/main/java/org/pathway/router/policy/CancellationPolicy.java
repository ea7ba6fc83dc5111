package org.pathway.router.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.RouterOutput;

/**
 * Everyone holding a cancelled referral is told it was withdrawn: the owner of the cancelled Task
 * (the link-worker service, with the reason) and the group owning each cascaded child Task (without
 * it: facilitators never get clinical detail). Their links already show the withdrawn page, so the
 * messages ask nothing. A holder who cannot be reached yields an UNROUTABLE decision, not silence.
 */
public final class CancellationPolicy {

  /** Rule id on decisions this policy makes. */
  public static final String RULE = "referral-cancelled";

  private final Directory directory;
  private final EventFactory events;

  public CancellationPolicy(Directory directory, EventFactory events) {
    this.directory = directory;
    this.events = events;
  }

  /**
   * @param ownerOf the owner of a Task as a directory reference; empty when the router never learnt
   * @param referral what the router remembers of the referral: the person the holders know
   */
  public RouterOutput decide(
      ReferralCancelled cancelled,
      Function<String, Optional<String>> ownerOf,
      KnownReferral referral) {
    List<String> tasks = new ArrayList<>();
    tasks.add(cancelled.getTaskId());
    for (String child : cancelled.getCascadedTaskIds()) {
      if (!tasks.contains(child)) {
        tasks.add(child);
      }
    }
    List<RoutingDecisionMade> decisions = new ArrayList<>();
    List<NotificationRequested> notes = new ArrayList<>();
    for (String taskId : tasks) {
      Optional<String> ownerRef = ownerOf.apply(taskId);
      Optional<DirectoryEntry> owner = ownerRef.flatMap(directory::byReference);
      var channel = owner.flatMap(DirectoryEntry::preferredChannel);
      if (channel.isEmpty()) {
        String why =
            ownerRef.isEmpty()
                ? "the router never learnt who owns task " + taskId
                : owner.isEmpty()
                    ? ownerRef.get() + " is not in the directory"
                    : owner.get().name() + " has no contact channel";
        decisions.add(
            events.decision(
                cancelled.getEnvelope(),
                "decision|" + RULE + "|" + taskId,
                cancelled,
                taskId,
                RoutingAction.UNROUTABLE,
                owner.map(DirectoryEntry::toActor).orElse(null),
                RULE,
                CapacityStatus.UNKNOWN,
                "holder of task " + taskId + " not told the referral was withdrawn: " + why));
        continue;
      }
      boolean group = owner.get().kind() == ServiceKind.COMMUNITY_GROUP;
      notes.add(
          events.notification(
              cancelled.getEnvelope(),
              RULE + "|" + taskId,
              taskId,
              group
                  ? NotificationTemplates.FACILITATOR_REFERRAL_CANCELLED
                  : NotificationTemplates.LINK_WORKER_REFERRAL_CANCELLED,
              owner.get(),
              channel.get(),
              group
                  ? facilitatorFields(taskId, owner.get(), referral)
                  : linkWorkerFields(taskId, cancelled, referral)));
    }
    return new RouterOutput(decisions, notes);
  }

  private static Map<String, String> linkWorkerFields(
      String taskId, ReferralCancelled cancelled, KnownReferral referral) {
    Map<String, String> fields = new LinkedHashMap<>();
    // A referral the router never saw has no name to give; the Task reference still finds it.
    fields.put(
        "personName", Objects.requireNonNullElse(referral.personName(), "the person referred"));
    fields.put("taskId", taskId);
    fields.put("reason", reason(cancelled.getReason()));
    return fields;
  }

  /** Never the reason: facilitators never get clinical detail. */
  private static Map<String, String> facilitatorFields(
      String taskId, DirectoryEntry group, KnownReferral referral) {
    Map<String, String> fields = new LinkedHashMap<>();
    String first = referral.givenName();
    fields.put("personFirstName", first == null || first.isBlank() ? "The person referred" : first);
    fields.put("groupName", group.name());
    fields.put("taskId", taskId);
    return fields;
  }

  /** The reason as a person reads it: its display, else its code. */
  static String reason(Coding reason) {
    if (reason == null) {
      return "no reason given";
    }
    if (reason.getDisplay() != null && !reason.getDisplay().isBlank()) {
      return reason.getDisplay();
    }
    return reason.getCode() == null || reason.getCode().isBlank()
        ? "no reason given"
        : reason.getCode();
  }
}
