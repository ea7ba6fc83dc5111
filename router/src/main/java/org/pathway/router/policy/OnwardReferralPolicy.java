package org.pathway.router.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.RouterOutput;

/**
 * A link worker referred someone on to a community group, or a hub or street coordinator passed a
 * request on down a volunteer cascade: tell the group's facilitator (or the volunteer) through the
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
    // The ledger counts the group's places with the Task and says how it started; the router's own
    // view of capacity only decides for an event written before it did.
    TaskStatus created = referral.getTaskStatus();
    CapacityStatus capacity =
        referral.getGroupCapacity() != null && referral.getGroupCapacity() != CapacityStatus.UNKNOWN
            ? referral.getGroupCapacity()
            : group.capacity();
    boolean refused =
        created != null ? created == TaskStatus.REJECTED : capacity == CapacityStatus.NO_CAPACITY;
    if (refused) {
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
                      + " has no place left and no waitlist; facilitator not notified, "
                      + "returned to the link worker to choose another group")),
          tellLinkWorker(referral, group.name() + " has no place left and keeps no waitlist"));
    }
    boolean waitlist =
        created != null
            ? created == TaskStatus.ON_HOLD
            : capacity == CapacityStatus.NO_CAPACITY_HAS_WAITLIST;
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
                : isHelpRequest(directory.byReference(referral.getRequestedBy().getReference()))
                    ? NotificationTemplates.FACILITATOR_HELP_REQUEST
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
                ? group.name()
                    + " is full; added to its waitlist"
                    + (referral.getWaitlistPosition() == null
                        ? ""
                        : " at position " + referral.getWaitlistPosition())
                    + ", facilitator notified"
                : group.name()
                    + " has capacity; facilitator notified by "
                    + channel.get().channel()),
        List.of(facilitator));
  }

  /**
   * Whether an onward referral is a request passed down a volunteer cascade (shopping, a phone
   * call, a prescription to collect) rather than someone joining a group: it was passed on by a hub
   * or a community group (a street coordinator), as the directory knows whoever referred it, not by
   * a link worker. Its holder is asked "can you help with…", not told someone would like to join.
   *
   * @param passedOnBy the directory's entry for the onward referral's requester, if it has one
   */
  static boolean isHelpRequest(Optional<DirectoryEntry> passedOnBy) {
    return passedOnBy
        .map(e -> e.kind() == ServiceKind.HUB || e.kind() == ServiceKind.COMMUNITY_GROUP)
        .orElse(false);
  }

  /** The business status of a group's Task whose person was offered a place from its waitlist. */
  public static final String PLACE_OFFERED = "place-offered";

  /** Whether {@code change} is the ledger offering a freed place to the first person waiting. */
  static boolean isPlaceOffered(TaskStatusChanged change) {
    return change.getParentTaskId() != null
        && change.getStatus() == TaskStatus.REQUESTED
        && change.getPreviousStatus() == TaskStatus.ON_HOLD
        && change.getBusinessStatus() != null
        && PLACE_OFFERED.equals(change.getBusinessStatus().getCode());
  }

  /**
   * A place came up for someone who waited: the facilitator gets the new-member notice (with its
   * signed link, to take them) and the link worker who referred them on hears that a place has come
   * up. Whoever cannot be reached is an UNROUTABLE decision, not silence.
   *
   * @param referredOn what the router kept of the onward referral; empty when it never saw it
   * @param referral what the router remembers of the referral (the person's given name)
   */
  public RouterOutput placeOffered(
      TaskStatusChanged change, Optional<OnwardReferral> referredOn, KnownReferral referral) {
    if (!isPlaceOffered(change) || change.getOwner() == null) {
      return RouterOutput.none();
    }
    List<org.pathway.events.avro.RoutingDecisionMade> gaps = new java.util.ArrayList<>();
    List<NotificationRequested> told = new java.util.ArrayList<>();
    Optional<DirectoryEntry> group = directory.byReference(change.getOwner().getReference());
    var groupChannel = group.flatMap(DirectoryEntry::preferredChannel);
    String groupName = group.map(DirectoryEntry::name).orElse(change.getOwner().getDisplay());
    if (groupChannel.isPresent()) {
      var on = referredOn.orElse(null);
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("personFirstName", Objects.requireNonNullElse(referral.givenName(), "the person"));
      fields.put("groupName", groupName);
      fields.put("activity", on == null ? null : on.activity());
      Instant start = on == null ? null : on.preferredStart();
      fields.put("sessionDate", start == null ? "the next session" : WHEN.format(start));
      fields.put("sessionTime", sessionTime(start));
      fields.put("preferredContact", on == null ? null : on.contactPreference());
      fields.put("linkWorkerName", on == null ? null : on.linkWorkerName());
      fields.put("taskId", change.getTaskId());
      told.add(
          events.notification(
              change.getEnvelope(),
              "facilitator-place-offered",
              change.getTaskId(),
              NotificationTemplates.FACILITATOR_NEW_MEMBER,
              group.get(),
              groupChannel.get(),
              fields));
    } else {
      gaps.add(
          unroutable(
              change,
              "facilitator",
              group.map(DirectoryEntry::toActor).orElse(change.getOwner()),
              "facilitator not told a place came up: "
                  + (group.isEmpty()
                      ? change.getOwner().getReference() + " is not in the directory"
                      : groupName + " has no contact channel")));
    }
    Optional<DirectoryEntry> linkWorker =
        referredOn.flatMap(r -> directory.byReference(r.linkWorkerReference()));
    var lwChannel = linkWorker.flatMap(DirectoryEntry::preferredChannel);
    if (lwChannel.isPresent()) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put(
          "personName",
          Objects.requireNonNullElse(referral.personName(), "the person you referred"));
      fields.put("groupName", groupName);
      fields.put("taskId", change.getParentTaskId());
      told.add(
          events.notification(
              change.getEnvelope(),
              "link-worker-place-offered",
              change.getParentTaskId(),
              NotificationTemplates.LINK_WORKER_PLACE_OFFERED,
              linkWorker.get(),
              lwChannel.get(),
              fields));
    } else {
      gaps.add(
          unroutable(
              change,
              "link-worker",
              linkWorker.map(DirectoryEntry::toActor).orElse(null),
              "link worker not told a place came up at "
                  + groupName
                  + ": "
                  + (referredOn.isEmpty()
                      ? "the router never saw who referred task " + change.getTaskId() + " on"
                      : linkWorker.isEmpty()
                          ? referredOn.get().linkWorkerReference() + " is not in the directory"
                          : linkWorker.get().name() + " has no contact channel")));
    }
    return new RouterOutput(gaps, told);
  }

  private org.pathway.events.avro.RoutingDecisionMade unroutable(
      TaskStatusChanged change,
      String whom,
      org.pathway.events.avro.Actor target,
      String explanation) {
    return events.decision(
        change.getEnvelope(),
        "decision|" + RULE + "|place-offered|" + whom,
        change,
        change.getTaskId(),
        RoutingAction.UNROUTABLE,
        target,
        RULE,
        CapacityStatus.UNKNOWN,
        explanation);
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
