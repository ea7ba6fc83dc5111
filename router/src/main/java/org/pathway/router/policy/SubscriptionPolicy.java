package org.pathway.router.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.Subscriber;

/**
 * Which FHIR Subscriptions a Task change reaches, and the rest-hook request for each: a
 * subscription matches when the Task's requester (or owner) is the organisation its criteria name
 * and, if it names statuses, the Task's status is one of them. The request carries the Task as the
 * subscriber may read it — status, business status, reason, owner, requester, focus — and nothing
 * of the person. The idempotency key is the subscription and the Task version, so a change reaches
 * each subscriber once.
 */
public final class SubscriptionPolicy {

  private final EventFactory events;

  public SubscriptionPolicy(EventFactory events) {
    this.events = events;
  }

  /**
   * A Task as it changed.
   *
   * @param cause the event that changed it
   * @param taskId the Task's ledger id
   * @param version the Task version after the change, or null when the event does not say
   * @param status the FHIR status code after the change
   * @param businessStatus Pathway's business-status code, or null
   * @param statusReason the reason (cancelled, rejected...), or null
   * @param requester the requesting organisation's reference (e.g. {@code Organization/A81001}), or
   *     null when unknown
   * @param owner the owner's reference (e.g. {@code HealthcareService/lw-city}), or null
   * @param focus the referral's reference ({@code ServiceRequest/id}), or null
   */
  public record TaskChange(
      EventEnvelope cause,
      String taskId,
      Integer version,
      String status,
      String businessStatus,
      Coding statusReason,
      String requester,
      Actor owner,
      String focus) {

    /** A referral's first Task, just created: {@code requested}, version 1, not yet owned. */
    public static TaskChange received(ReferralReceived r) {
      String requester =
          r.getPracticeOdsCode() != null
              ? "Organization/" + r.getPracticeOdsCode()
              : r.getRequester().getReference();
      return new TaskChange(
          r.getEnvelope(),
          r.getTaskId(),
          1,
          "requested",
          null,
          null,
          requester,
          null,
          "ServiceRequest/" + r.getServiceRequestId());
    }

    /** A group's Task, just created by a link worker's onward referral. */
    public static TaskChange onward(OnwardReferralCreated r) {
      return new TaskChange(
          r.getEnvelope(),
          r.getTaskId(),
          1,
          "requested",
          null,
          null,
          r.getRequestedBy() == null ? null : r.getRequestedBy().getReference(),
          r.getGroupService(),
          "ServiceRequest/" + r.getServiceRequestId());
    }

    /**
     * A Task whose status, business status or owner changed.
     *
     * @param requester the Task's requester as the router remembers it, or null
     * @param focus the referral's reference, when the Task is the referral's own
     */
    public static TaskChange changed(TaskStatusChanged c, String requester, String focus) {
      return new TaskChange(
          c.getEnvelope(),
          c.getTaskId(),
          c.getTaskVersion(),
          GpFeedbackPolicy.fhirCode(c.getStatus()),
          c.getBusinessStatus() == null ? null : c.getBusinessStatus().getCode(),
          c.getStatusReason(),
          requester,
          c.getOwner(),
          focus);
    }

    /** A Task cancelled by its requester (the event does not carry the version). */
    public static TaskChange cancelled(
        ReferralCancelled c, String requester, Actor owner, String focus) {
      return new TaskChange(
          c.getEnvelope(),
          c.getTaskId(),
          null,
          "cancelled",
          null,
          c.getReason(),
          requester,
          owner,
          focus);
    }
  }

  /** Whether {@code s} follows {@code change}. */
  public static boolean matches(Subscriber s, TaskChange change) {
    if (!s.active()) {
      return false;
    }
    if (s.requesterOrganization() == null && s.ownerOrganization() == null) {
      // The adapter never accepts criteria that name no party; a record that does follows nothing.
      return false;
    }
    if (s.requesterOrganization() != null
        && !s.requesterOrganization().equals(organisation(change.requester()))) {
      return false;
    }
    if (s.ownerOrganization() != null
        && !s.ownerOrganization()
            .equals(organisation(change.owner() == null ? null : change.owner().getReference()))) {
      return false;
    }
    return s.statuses().isEmpty() || s.statuses().contains(change.status());
  }

  /** The id part of a reference ({@code Organization/A81001} → {@code A81001}), or null. */
  static String organisation(String reference) {
    if (reference == null || reference.isBlank()) {
      return null;
    }
    int slash = reference.lastIndexOf('/');
    return slash < 0 ? reference : reference.substring(slash + 1);
  }

  /** One rest-hook request per subscription {@code change} matches, in subscription id order. */
  public List<NotificationRequested> decide(TaskChange change, List<Subscriber> subscribers) {
    List<NotificationRequested> out = new ArrayList<>();
    subscribers.stream()
        .filter(s -> matches(s, change))
        .sorted(Comparator.comparing(Subscriber::id))
        .forEach(s -> out.add(request(s, change)));
    return out;
  }

  /**
   * Whether any of {@code subscribers} following {@code change} belongs to {@code organisation}.
   */
  public static boolean heardBy(
      String organisation, TaskChange change, List<Subscriber> subscribers) {
    return organisation != null
        && subscribers.stream()
            .anyMatch(s -> organisation.equals(s.organization()) && matches(s, change));
  }

  private NotificationRequested request(Subscriber s, TaskChange change) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("taskId", change.taskId());
    fields.put("taskVersion", change.version() == null ? null : change.version().toString());
    fields.put("taskStatus", change.status());
    fields.put("businessStatus", change.businessStatus());
    if (change.statusReason() != null) {
      var reason = change.statusReason();
      fields.put(
          "statusReason", reason.getDisplay() == null ? reason.getCode() : reason.getDisplay());
      if (reason.getSystem() != null) {
        fields.put("statusReasonCode", reason.getSystem() + "|" + reason.getCode());
      }
    }
    fields.put("taskOwner", change.owner() == null ? null : change.owner().getReference());
    fields.put("taskRequester", change.requester());
    fields.put("taskFocus", change.focus());
    fields.put("subscriptionId", s.id());
    fields.put("subscriptionPayload", s.payload());
    fields.put("subscriptionHeaders", String.join("\n", s.headers()));
    String version = change.version() == null ? change.status() : "v" + change.version();
    return events.subscriptionNotification(
        change.cause(),
        "subscription|" + s.id(),
        change.taskId(),
        NotificationTemplates.SUBSCRIPTION_NOTIFICATION,
        new Actor(ActorKind.UNKNOWN, "Organization/" + s.organization(), null, null),
        s.endpoint(),
        fields,
        s.id() + "|Task/" + change.taskId() + "|" + version);
  }
}
