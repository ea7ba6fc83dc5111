package org.pathway.router.policy;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.directory.Directory;
import org.pathway.router.directory.DirectoryEntry;

/**
 * What the GP hears when a Task changes: accepted, declined with the reason, first contact made,
 * completed with its outcomes — each switchable. Sent to the practice's FHIR endpoint; a practice
 * without one yields an UNROUTABLE decision, so the gap is visible instead of silent.
 */
public final class GpFeedbackPolicy {

  /** Rule id on decisions this policy makes. */
  public static final String RULE = "gp-feedback";

  static final String TEMPLATE = "gp-task-update";
  static final String FIRST_CONTACT_CODE = "first-conversation-held";

  private final Set<FeedbackTrigger> notifyOn;
  private final boolean includeGroupTasks;
  private final Directory directory;
  private final EventFactory events;

  public GpFeedbackPolicy(
      Set<FeedbackTrigger> notifyOn,
      boolean includeGroupTasks,
      Directory directory,
      EventFactory events) {
    this.notifyOn = notifyOn.isEmpty() ? Set.of() : EnumSet.copyOf(notifyOn);
    this.includeGroupTasks = includeGroupTasks;
    this.directory = directory;
    this.events = events;
  }

  /** Which trigger this change is, if any. */
  static Optional<FeedbackTrigger> triggerOf(TaskStatusChanged change) {
    TaskStatus status = change.getStatus();
    if (status == TaskStatus.COMPLETED && change.getPreviousStatus() != TaskStatus.COMPLETED) {
      return Optional.of(FeedbackTrigger.COMPLETED);
    }
    if (status == TaskStatus.REJECTED && change.getPreviousStatus() != TaskStatus.REJECTED) {
      return Optional.of(FeedbackTrigger.DECLINED);
    }
    if (status == TaskStatus.ACCEPTED && change.getPreviousStatus() != TaskStatus.ACCEPTED) {
      return Optional.of(FeedbackTrigger.ACCEPTED);
    }
    if (change.getBusinessStatus() != null
        && FIRST_CONTACT_CODE.equals(change.getBusinessStatus().getCode())) {
      return Optional.of(FeedbackTrigger.FIRST_CONTACT);
    }
    return Optional.empty();
  }

  /**
   * @param practiceOdsCode the referring practice, as remembered from the referral; null if unknown
   */
  public RouterOutput decide(TaskStatusChanged change, String practiceOdsCode) {
    Optional<FeedbackTrigger> trigger = triggerOf(change);
    if (trigger.isEmpty()
        || !notifyOn.contains(trigger.get())
        || (change.getParentTaskId() != null && !includeGroupTasks)) {
      return RouterOutput.none();
    }
    Optional<DirectoryEntry> practice = directory.byOdsCode(practiceOdsCode);
    var endpoint = practice.flatMap(p -> p.channel(Channel.FHIR));
    if (endpoint.isEmpty()) {
      String why =
          practiceOdsCode == null
              ? "the referring practice is not known to the router"
              : practice.isEmpty()
                  ? "practice " + practiceOdsCode + " is not in the directory"
                  : "practice " + practiceOdsCode + " has no FHIR endpoint";
      return new RouterOutput(
          List.of(
              events.decision(
                  change.getEnvelope(),
                  change,
                  change.getTaskId(),
                  RoutingAction.UNROUTABLE,
                  practice.map(DirectoryEntry::toActor).orElse(null),
                  RULE,
                  CapacityStatus.UNKNOWN,
                  "GP not told of " + trigger.get() + ": " + why)),
          List.of());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("taskId", change.getTaskId());
    fields.put("status", change.getStatus().name());
    fields.put(
        "businessStatus",
        change.getBusinessStatus() == null ? null : change.getBusinessStatus().getCode());
    if (trigger.get() == FeedbackTrigger.DECLINED && change.getStatusReason() != null) {
      var reason = change.getStatusReason();
      fields.put(
          "statusReason", reason.getDisplay() == null ? reason.getCode() : reason.getDisplay());
    }
    if (trigger.get() == FeedbackTrigger.COMPLETED) {
      fields.put(
          "outcomes",
          change.getOutputs().stream()
              .map(o -> o.getDisplay() != null ? o.getDisplay() : o.getReference())
              .filter(s -> s != null && !s.isBlank())
              .collect(Collectors.joining("; ")));
    }
    fields.put("service", change.getOwner() == null ? null : change.getOwner().getDisplay());
    fields.put("changedAt", change.getEnvelope().getOccurredAt().toString());
    return new RouterOutput(
        List.of(),
        List.of(
            events.notification(
                change.getEnvelope(),
                "gp-feedback",
                change.getTaskId(),
                Audience.GP,
                practice.get(),
                endpoint.get(),
                TEMPLATE,
                fields)));
  }
}
