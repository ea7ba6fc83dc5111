package org.pathway.router.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.RouterOutput;

/**
 * The link worker hears what the group they referred someone on to answered: accepted, declined
 * (with the coded reason), a waiting-list place offered, a missed session, or finished — with a
 * link to their own Task, so they can act on it (choose another group after a decline). Evaluations
 * name facilitators never reporting back as a fault this closes. A link worker who cannot be
 * reached yields an UNROUTABLE decision, so the gap is visible instead of silent.
 */
public final class GroupAnswerPolicy {

  /** Rule id on decisions this policy makes. */
  public static final String RULE = "group-answer";

  private final Directory directory;
  private final EventFactory events;

  public GroupAnswerPolicy(Directory directory, EventFactory events) {
    this.directory = directory;
    this.events = events;
  }

  /** The business status a facilitator records for a session the person did not come to. */
  static final String MISSED_SESSION = "did-not-attend";

  /**
   * What the change answers, if it is an answer at all: a new status a link worker acts on, or a
   * session newly recorded as missed (the link worker may want to check in with the person). A
   * second missed session in a row is not told again: the link worker already knows they stopped
   * coming, and a later version keeping the status (a reassignment) is no new miss.
   */
  static Optional<String> answerOf(TaskStatusChanged change) {
    if (change.getStatus() != change.getPreviousStatus()) {
      Optional<String> answer =
          switch (change.getStatus()) {
            case ACCEPTED -> Optional.of("accepted");
            case REJECTED -> Optional.of("declined");
            case ON_HOLD -> Optional.of("offered a place on the waiting list");
            case COMPLETED -> Optional.of("finished");
            default -> Optional.empty();
          };
      if (answer.isPresent()) {
        return answer;
      }
    }
    if (GpFeedbackPolicy.isNew(change, MISSED_SESSION)) {
      return Optional.of("missed a session");
    }
    return Optional.empty();
  }

  /**
   * @param referredOn who referred the group's Task on; empty when the router never saw it
   * @param referral what the router remembers of the referral: the person the link worker knows
   */
  public RouterOutput decide(
      TaskStatusChanged change, Optional<OnwardReferral> referredOn, KnownReferral referral) {
    Optional<String> answer = answerOf(change);
    if (change.getParentTaskId() == null || answer.isEmpty() || !isGroup(change)) {
      return RouterOutput.none();
    }
    Optional<DirectoryEntry> linkWorker =
        referredOn.flatMap(r -> directory.byReference(r.linkWorkerReference()));
    var channel = linkWorker.flatMap(DirectoryEntry::preferredChannel);
    if (channel.isEmpty()) {
      String why =
          referredOn.isEmpty()
              ? "the router never saw who referred task " + change.getTaskId() + " on"
              : linkWorker.isEmpty()
                  ? referredOn.get().linkWorkerReference() + " is not in the directory"
                  : linkWorker.get().name() + " has no contact channel";
      return new RouterOutput(
          List.of(
              // Its own id: the GP feedback policy may decide on the same Task change.
              events.decision(
                  change.getEnvelope(),
                  "decision|" + RULE,
                  change,
                  change.getTaskId(),
                  RoutingAction.UNROUTABLE,
                  linkWorker.map(DirectoryEntry::toActor).orElse(null),
                  RULE,
                  CapacityStatus.UNKNOWN,
                  "link worker not told the group " + answer.get() + ": " + why)),
          List.of());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    // A referral the router never saw has no name to give; the reference below still finds it.
    fields.put(
        "personName", Objects.requireNonNullElse(referral.personName(), "the person you referred"));
    fields.put("groupName", groupName(change));
    boolean declined = change.getStatus() == TaskStatus.REJECTED;
    String reason = declined ? reason(change) : null;
    Coding coded = declined ? change.getStatusReason() : null;
    // The code beside the words, so the link worker can match it with the ValueSet and the GP's.
    String shown =
        reason == null
            ? null
            : coded != null && coded.getSystem() != null && !reason.equals(coded.getCode())
                ? reason + "; reason code " + coded.getCode()
                : reason;
    fields.put("answer", shown == null ? answer.get() : answer.get() + " (" + shown + ")");
    fields.put("declineReason", reason);
    fields.put("declineReasonCode", Reasons.code(coded));
    // The link worker's own Task: the answer's link lets them act on it.
    String parentTaskId = change.getParentTaskId();
    fields.put("taskId", parentTaskId);
    return new RouterOutput(
        List.of(),
        List.of(
            events.notification(
                change.getEnvelope(),
                RULE,
                parentTaskId,
                NotificationTemplates.LINK_WORKER_GROUP_ANSWER,
                linkWorker.get(),
                channel.get(),
                fields)));
  }

  private boolean isGroup(TaskStatusChanged change) {
    if (change.getOwner() == null) {
      return false;
    }
    return directory
        .byReference(change.getOwner().getReference())
        .map(e -> e.kind() == ServiceKind.COMMUNITY_GROUP)
        .orElse(change.getOwner().getKind() == ActorKind.COMMUNITY_GROUP);
  }

  private String groupName(TaskStatusChanged change) {
    return directory
        .byReference(change.getOwner().getReference())
        .map(DirectoryEntry::name)
        .orElse(change.getOwner().getDisplay());
  }

  /** The reason as a person reads it: its display, else the ValueSet's, else the bare code. */
  static String reason(TaskStatusChanged change) {
    return Reasons.display(change.getStatusReason());
  }
}
