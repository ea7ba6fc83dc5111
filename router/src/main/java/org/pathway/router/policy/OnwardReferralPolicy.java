package org.pathway.router.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.RouterOutput;

/**
 * A link worker referred someone on to a community group: tell the group's facilitator through the
 * channel the directory gives, with only name, contact preference, activity and when. A group with
 * no capacity is not notified; the decision says so and the link worker is told instead.
 */
public final class OnwardReferralPolicy {

  /** Rule id on decisions this policy makes. */
  public static final String RULE = "onward-referral";

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK).withZone(LONDON);
  private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

  private final Directory directory;
  private final EventFactory events;

  public OnwardReferralPolicy(Directory directory, EventFactory events) {
    this.directory = directory;
    this.events = events;
  }

  public RouterOutput decide(OnwardReferralCreated referral) {
    Optional<DirectoryEntry> found =
        directory.byReference(referral.getGroupService().getReference());
    if (found.isEmpty() || found.get().kind() != ServiceKind.COMMUNITY_GROUP) {
      return new RouterOutput(
          List.of(
              events.decision(
                  referral.getEnvelope(),
                  referral,
                  referral.getTaskId(),
                  RoutingAction.UNROUTABLE,
                  referral.getGroupService(),
                  RULE,
                  CapacityStatus.UNKNOWN,
                  referral.getGroupService().getReference()
                      + " is not a community group in the directory; facilitator not notified")),
          tellLinkWorker(referral, "the group is not in the directory"));
    }
    DirectoryEntry group = found.get();
    CapacityStatus capacity = group.capacity();
    if (capacity == CapacityStatus.NO_CAPACITY) {
      return new RouterOutput(
          List.of(
              events.decision(
                  referral.getEnvelope(),
                  referral,
                  referral.getTaskId(),
                  RoutingAction.RETURN_TO_REFERRER,
                  group.toActor(),
                  RULE,
                  capacity,
                  group.name()
                      + " has no capacity and no waitlist; facilitator not notified, "
                      + "returned to the link worker to choose another group")),
          tellLinkWorker(referral, group.name() + " has no capacity"));
    }
    boolean waitlist = capacity == CapacityStatus.NO_CAPACITY_HAS_WAITLIST;
    var channel = group.preferredChannel();
    if (channel.isEmpty()) {
      return new RouterOutput(
          List.of(
              events.decision(
                  referral.getEnvelope(),
                  referral,
                  referral.getTaskId(),
                  RoutingAction.UNROUTABLE,
                  group.toActor(),
                  RULE,
                  capacity,
                  group.name() + " has no contact channel in the directory")),
          tellLinkWorker(referral, group.name() + " cannot be contacted"));
    }
    NotificationRequested facilitator =
        events.notification(
            referral.getEnvelope(),
            "facilitator",
            referral.getTaskId(),
            waitlist
                ? NotificationTemplates.FACILITATOR_WAITLIST
                : NotificationTemplates.FACILITATOR_NEW_MEMBER,
            group,
            channel.get(),
            facilitatorFields(referral, group));
    return RouterOutput.of(
        events.decision(
            referral.getEnvelope(),
            referral,
            referral.getTaskId(),
            waitlist ? RoutingAction.WAITLIST : RoutingAction.ASSIGN_OWNER,
            group.toActor(),
            RULE,
            capacity,
            waitlist
                ? group.name() + " is full; added to its waitlist, facilitator notified"
                : group.name()
                    + " has capacity; facilitator notified by "
                    + channel.get().channel()),
        List.of(facilitator));
  }

  /**
   * What a facilitator needs and nothing else: a first name, how to make contact, what they want to
   * try and when. The template contract refuses anything more.
   */
  static Map<String, String> facilitatorFields(
      OnwardReferralCreated referral, DirectoryEntry group) {
    var person = referral.getPerson();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("personFirstName", person.getGivenName());
    fields.put("groupName", group.name());
    fields.put("activity", referral.getActivity());
    fields.put(
        "sessionDate",
        referral.getPreferredStart() == null
            ? "the next session"
            : WHEN.format(referral.getPreferredStart()));
    fields.put("sessionTime", sessionTime(referral.getPreferredStart()));
    fields.put("preferredContact", person.getContactPreference().name().toLowerCase(Locale.ROOT));
    fields.put("linkWorkerName", referral.getRequestedBy().getDisplay());
    fields.put("taskId", referral.getTaskId());
    return fields;
  }

  /**
   * The time of day of the preferred start, e.g. {@code 10:00}; null when there is none or it is
   * midnight, which is how a date without a time arrives.
   */
  static String sessionTime(Instant start) {
    if (start == null) {
      return null;
    }
    LocalTime time = start.atZone(LONDON).toLocalTime();
    return time.equals(LocalTime.MIDNIGHT) ? null : AT.format(time);
  }

  private List<NotificationRequested> tellLinkWorker(
      OnwardReferralCreated referral, String reason) {
    Optional<DirectoryEntry> linkWorker =
        directory.byReference(referral.getRequestedBy().getReference());
    if (linkWorker.isEmpty() || linkWorker.get().preferredChannel().isEmpty()) {
      return List.of();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(
        "personName",
        referral.getPerson().getGivenName() + " " + referral.getPerson().getFamilyName());
    fields.put("groupName", referral.getGroupService().getDisplay());
    fields.put("activity", referral.getActivity());
    fields.put("capacityNote", reason);
    fields.put("taskId", referral.getParentTaskId());
    return List.of(
        events.notification(
            referral.getEnvelope(),
            "link-worker-group-unavailable",
            referral.getParentTaskId(),
            NotificationTemplates.LINK_WORKER_GROUP_FULL,
            linkWorker.get(),
            linkWorker.get().preferredChannel().get(),
            fields));
  }
}
