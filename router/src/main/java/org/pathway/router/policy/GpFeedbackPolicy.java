package org.pathway.router.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskOutput;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.avro.WellbeingScore;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.notifications.WellbeingScoreText;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.RouterOutput;

/**
 * What the GP hears when a Task changes: accepted, declined with the coded reason, first contact
 * made, completed with its outcomes, cancelled by someone else — each switchable, one message per
 * change. Sent to the practice's FHIR endpoint; a practice without one yields an UNROUTABLE
 * decision, so the gap is visible instead of silent.
 */
public final class GpFeedbackPolicy {

  /** Rule id on decisions this policy makes. */
  public static final String RULE = "gp-feedback";

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
    if (isNew(change, FIRST_CONTACT_CODE)) {
      return Optional.of(FeedbackTrigger.FIRST_CONTACT);
    }
    return Optional.empty();
  }

  /**
   * Whether the change brings business status {@code code}: a later version that keeps it (an owner
   * change, a note) is not news. An event written before the previous business status was carried
   * counts as news, as it always did.
   */
  static boolean isNew(TaskStatusChanged change, String code) {
    return change.getBusinessStatus() != null
        && code.equals(change.getBusinessStatus().getCode())
        && (change.getPreviousBusinessStatus() == null
            || !code.equals(change.getPreviousBusinessStatus().getCode()));
  }

  /**
   * @param referral what the router remembers of the referral: the practice to tell and the person
   *     the GP knows
   */
  public RouterOutput decide(TaskStatusChanged change, KnownReferral referral) {
    Optional<FeedbackTrigger> trigger = triggerOf(change);
    if (trigger.isEmpty()
        || !notifyOn.contains(trigger.get())
        || (change.getParentTaskId() != null && !includeGroupTasks)) {
      return RouterOutput.none();
    }
    Map<String, String> fields = gpFields(referral);
    fields.put("taskId", change.getTaskId());
    fields.put("taskStatus", fhirCode(change.getStatus()));
    fields.put(
        "businessStatus",
        change.getBusinessStatus() == null ? null : change.getBusinessStatus().getCode());
    if (trigger.get() == FeedbackTrigger.DECLINED) {
      fields.put("statusReason", Reasons.display(change.getStatusReason()));
      fields.put("statusReasonCode", Reasons.code(change.getStatusReason()));
    }
    boolean completed = trigger.get() == FeedbackTrigger.COMPLETED;
    if (completed) {
      fields.put("outcomes", scores(change));
      fields.put(
          "outcomeSummary",
          change.getBusinessStatus() == null
              ? "completed"
              : Objects.requireNonNullElse(
                  change.getBusinessStatus().getDisplay(), change.getBusinessStatus().getCode()));
    }
    fields.put(
        "linkWorkerService", change.getOwner() == null ? null : change.getOwner().getDisplay());
    return tell(change.getEnvelope(), change, change.getTaskId(), trigger.get(), referral, fields);
  }

  /**
   * The GP hears of a cancelled referral when someone else cancelled it: Pathway returning it
   * (auto-return), a hub, an operator. Not when the GP did: its own system made the change and
   * already shows it, and a message about it would only be noise (or, at a GP system that files
   * every Communication, a second record of one act). A group's Task cancelled by the link worker
   * is told only with {@code include-group-tasks}, as any other change of a group's Task.
   *
   * @param holder whoever held the cancelled Task as a directory reference, when known
   */
  public RouterOutput decideCancelled(
      ReferralCancelled cancelled, KnownReferral referral, Optional<String> holder) {
    boolean rootTask =
        cancelled.getServiceRequestId().equals(cancelled.getEnvelope().getReferralId());
    if (!notifyOn.contains(FeedbackTrigger.CANCELLED)
        || (!rootTask && !includeGroupTasks)
        || byTheGp(cancelled.getCancelledBy(), referral)) {
      return RouterOutput.none();
    }
    Map<String, String> fields = gpFields(referral);
    fields.put("taskId", cancelled.getTaskId());
    fields.put("taskStatus", fhirCode(TaskStatus.CANCELLED));
    fields.put("statusReason", Reasons.display(cancelled.getReason()));
    fields.put("statusReasonCode", Reasons.code(cancelled.getReason()));
    fields.put(
        "linkWorkerService",
        holder.flatMap(directory::byReference).map(DirectoryEntry::name).orElse(null));
    return tell(
        cancelled.getEnvelope(),
        cancelled,
        cancelled.getTaskId(),
        FeedbackTrigger.CANCELLED,
        referral,
        fields);
  }

  /** Whether the GP practice that referred made the change itself. */
  static boolean byTheGp(Actor by, KnownReferral referral) {
    if (by == null) {
      return false;
    }
    return by.getKind() == ActorKind.GP_PRACTICE
        || by.getKind() == ActorKind.PRACTITIONER
        || (referral.practiceOdsCode() != null
            && referral.practiceOdsCode().equals(by.getIdentifier()));
  }

  private RouterOutput tell(
      EventEnvelope cause,
      SpecificRecord causeEvent,
      String taskId,
      FeedbackTrigger trigger,
      KnownReferral referral,
      Map<String, String> fields) {
    String practiceOdsCode = referral.practiceOdsCode();
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
                  cause,
                  causeEvent,
                  taskId,
                  RoutingAction.UNROUTABLE,
                  practice.map(DirectoryEntry::toActor).orElse(null),
                  RULE,
                  CapacityStatus.UNKNOWN,
                  "GP not told of " + trigger + ": " + why)),
          List.of());
    }
    return new RouterOutput(
        List.of(),
        List.of(
            events.notification(
                cause,
                "gp-feedback",
                taskId,
                trigger == FeedbackTrigger.COMPLETED
                    ? NotificationTemplates.GP_OUTCOME
                    : NotificationTemplates.GP_STATUS_UPDATE,
                practice.get(),
                endpoint.get(),
                fields)));
  }

  /** The FHIR code of a Task status, as the GP system's Task takes it. */
  public static String fhirCode(TaskStatus status) {
    return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The person as the GP knows them (name, NHS number and date of birth) and the GP's own
   * identifier of the referral. The GP is the one audience of a Task change entitled to the
   * person's details; the template contract refuses them for any other.
   */
  static Map<String, String> gpFields(KnownReferral referral) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("personName", referral.personName());
    fields.put("nhsNumber", referral.nhsNumber());
    fields.put("birthDate", referral.birthDateText());
    // The GP's own id of its ServiceRequest: the GP's copy of the Task names its focus by it.
    fields.put("referralIdentifier", referral.referralIdentifier());
    return fields;
  }

  /**
   * The wellbeing scores among the outputs, in the one text form the notifier reads back into
   * Observations at the GP ({@code SWEMWBS entry 19; SWEMWBS exit 24}). Outputs that are not scores
   * are left out.
   */
  static String scores(TaskStatusChanged change) {
    List<WellbeingScore> scores = new ArrayList<>();
    for (TaskOutput output : change.getOutputs()) {
      if (output.getScore() != null) {
        scores.add(output.getScore());
      } else if (output.getReference() != null
          && output.getReference().startsWith("Observation/")) {
        // Written before TaskOutput.score (TaskStatusChanged v1): the ledger's display is the
        // score in the same text form.
        try {
          scores.addAll(WellbeingScoreText.parse(output.getDisplay()));
        } catch (IllegalArgumentException notAScore) {
          // an Observation output that is not a score: nothing to tell the GP about it
        }
      }
    }
    return WellbeingScoreText.format(scores);
  }
}
