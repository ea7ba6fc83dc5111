package org.pathway.events.notifications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pathway.events.avro.Audience;

/**
 * The template catalogue: every template a notification request may name, with its fields. One list
 * for both sides of {@code pathway.notification.requests}, so the router can never ask for a
 * template the notifier does not have, nor send a field the notifier would not show.
 *
 * <p>Field names say what the value is: {@code taskId} is the ledger id of the Task the message is
 * about (once called {@code referralReference}; {@link #currentNames} reads requests written under
 * that name). {@code outcomes} holds scores in {@link WellbeingScoreText}'s form.
 *
 * <p>Every template that asks a link worker or a facilitator for an answer carries {@value
 * NotificationTemplate#RESPOND_URL}: the portal address of a signed link bound to the one Task the
 * message is about, its recipient organisation and a purpose (link worker or facilitator). The
 * router fills it for every such request and refuses to build one without it, so no message says
 * "respond here:" and stops; the notifier shows it in every channel.
 */
public final class NotificationTemplates {

  /** Field names requests were once written with, and the name each has now. */
  private static final Map<String, String> FORMER_NAMES = Map.of("referralReference", "taskId");

  /** A link-worker service is told of a new referral routed to it. */
  public static final NotificationTemplate LINK_WORKER_NEW_REFERRAL =
      new NotificationTemplate(
          "link-worker-new-referral",
          Audience.LINK_WORKER,
          Set.of(
              "recipientName",
              "personName",
              "nhsNumber",
              "birthDate",
              "postcodeDistrict",
              "contactPhone",
              "contactEmail",
              "preferredContact",
              "referringPractice",
              "taskId",
              "priority",
              "referralReason",
              "dueDate",
              NotificationTemplate.RESPOND_URL));

  /** A link worker is told the group they referred on to has no place, and why. */
  public static final NotificationTemplate LINK_WORKER_GROUP_FULL =
      new NotificationTemplate(
          "link-worker-group-full",
          Audience.LINK_WORKER,
          Set.of(
              "recipientName",
              "personName",
              "groupName",
              "activity",
              "capacityNote",
              "taskId",
              NotificationTemplate.RESPOND_URL));

  /**
   * A link worker hears what the group they referred on to answered: accepted, declined (with the
   * reason), a waiting-list place offered, or finished. The link is to the link worker's own Task.
   */
  public static final NotificationTemplate LINK_WORKER_GROUP_ANSWER =
      new NotificationTemplate(
          "link-worker-group-answer",
          Audience.LINK_WORKER,
          Set.of(
              "recipientName",
              "personName",
              "groupName",
              "answer",
              "declineReason",
              // The decline reason as system|code of the decline-reason ValueSet, for systems.
              "declineReasonCode",
              "taskId",
              NotificationTemplate.RESPOND_URL));

  /**
   * A link worker is told the referral they hold was withdrawn (cancelled), and why. Nothing to
   * answer: the Task's link now shows the withdrawn page.
   */
  public static final NotificationTemplate LINK_WORKER_REFERRAL_CANCELLED =
      new NotificationTemplate(
          "link-worker-referral-cancelled",
          Audience.LINK_WORKER,
          Set.of("recipientName", "personName", "taskId", "reason"));

  /** The owner of an overdue step is nudged. */
  public static final NotificationTemplate LINK_WORKER_OVERDUE =
      new NotificationTemplate(
          "link-worker-overdue",
          Audience.LINK_WORKER,
          Set.of(
              "recipientName",
              "overdueStep",
              "taskId",
              "dueDate",
              NotificationTemplate.RESPOND_URL));

  /**
   * A facilitator hears of a new member: a first name, how they prefer to be contacted, what they
   * want to try and when. Never reasons, notes, conditions, medication, the NHS number or contact
   * details: the link worker makes the introduction.
   */
  public static final NotificationTemplate FACILITATOR_NEW_MEMBER =
      new NotificationTemplate("facilitator-new-member", Audience.FACILITATOR, facilitatorFields());

  /** As {@link #FACILITATOR_NEW_MEMBER}, for a group with no place now but a waiting list. */
  public static final NotificationTemplate FACILITATOR_WAITLIST =
      new NotificationTemplate("facilitator-waitlist", Audience.FACILITATOR, facilitatorFields());

  /**
   * A street coordinator or volunteer is asked whether they can help with a request passed down a
   * volunteer cascade (shopping, a phone call, collecting a prescription): "can you help with…",
   * not "would like to join your group". The same fields as {@link #FACILITATOR_NEW_MEMBER}; {@code
   * linkWorkerName} is whoever passed the request on (a hub or a coordinator).
   */
  public static final NotificationTemplate FACILITATOR_HELP_REQUEST =
      new NotificationTemplate(
          "facilitator-help-request", Audience.FACILITATOR, facilitatorFields());

  /** A facilitator who has not answered is reminded. */
  public static final NotificationTemplate FACILITATOR_REMINDER =
      new NotificationTemplate(
          "facilitator-reminder",
          Audience.FACILITATOR,
          Set.of(
              "recipientName",
              "personFirstName",
              "groupName",
              "taskId",
              NotificationTemplate.RESPOND_URL));

  /**
   * A facilitator is told a new member's referral was withdrawn. Never the reason: facilitators
   * never get clinical detail. Nothing to answer.
   */
  public static final NotificationTemplate FACILITATOR_REFERRAL_CANCELLED =
      new NotificationTemplate(
          "facilitator-referral-cancelled",
          Audience.FACILITATOR,
          Set.of("recipientName", "personFirstName", "groupName", "taskId"));

  /** The GP hears that the referral's Task changed: accepted, declined, first contact. */
  public static final NotificationTemplate GP_STATUS_UPDATE =
      new NotificationTemplate("gp-status-update", Audience.GP, gpFields());

  /** The GP hears the outcome when the referral completes, with the wellbeing scores. */
  public static final NotificationTemplate GP_OUTCOME =
      new NotificationTemplate(
          "gp-outcome",
          Audience.GP,
          Stream.concat(gpFields().stream(), Stream.of("outcomeSummary", "outcomes"))
              .collect(Collectors.toSet()));

  /**
   * The person referred is told what happens next: which service has taken their referral and how
   * soon it will contact them. Sent only with their consent, by the channel they prefer; never
   * clinical detail, reasons or the NHS number.
   */
  public static final NotificationTemplate PERSON_NEXT_STEPS =
      new NotificationTemplate(
          "person-next-steps",
          Audience.PERSON,
          Set.of(
              "recipientName",
              "personFirstName",
              "linkWorkerName",
              "linkWorkerService",
              "appointmentDate",
              "contactPhone",
              // How soon the service will be in touch, as a person reads it ("within 5 days").
              "contactWithin",
              "taskId"));

  /** The hub is told a step is overdue and what the escalation policy did. */
  public static final NotificationTemplate HUB_OVERDUE =
      new NotificationTemplate(
          "hub-overdue",
          Audience.HUB,
          Set.of(
              "recipientName",
              "overdueStep",
              "taskId",
              "referringPractice",
              "priority",
              "dueDate",
              "owner"));

  /**
   * The person referred is told a group has a place for them: the group and, where the directory
   * says, where it meets. Sent only with their consent; never clinical detail.
   */
  public static final NotificationTemplate PERSON_GROUP_PLACE =
      new NotificationTemplate(
          "person-group-place",
          Audience.PERSON,
          Set.of("recipientName", "personFirstName", "groupName", "groupWhere", "taskId"));

  /**
   * A referrer's system that subscribed (FHIR R4 {@code Subscription}, rest-hook) hears that one of
   * its Tasks changed: the Task as the referrer may read it (status, business status, reason,
   * owner, requester, focus) — never the person's details. {@code subscriptionId}, {@code
   * subscriptionPayload} and {@code subscriptionHeaders} (the subscriber's own secret header lines,
   * never rendered or logged) say how the notifier sends it.
   */
  public static final NotificationTemplate SUBSCRIPTION_NOTIFICATION =
      new NotificationTemplate(
          "subscription-notification",
          Audience.GP,
          Set.of(
              "recipientName",
              "taskId",
              "taskVersion",
              "taskStatus",
              "businessStatus",
              "statusReason",
              "statusReasonCode",
              "taskOwner",
              "taskRequester",
              "taskFocus",
              "subscriptionId",
              "subscriptionPayload",
              "subscriptionHeaders"));

  /**
   * A link worker hears that a place has come up for the person they referred on: the group's
   * waitlist reached them and the group has been asked to take them. Nothing to answer.
   */
  public static final NotificationTemplate LINK_WORKER_PLACE_OFFERED =
      new NotificationTemplate(
          "link-worker-place-offered",
          Audience.LINK_WORKER,
          Set.of("recipientName", "personName", "groupName", "taskId"));

  private static final List<NotificationTemplate> ALL =
      List.of(
          LINK_WORKER_NEW_REFERRAL,
          LINK_WORKER_GROUP_FULL,
          LINK_WORKER_GROUP_ANSWER,
          LINK_WORKER_OVERDUE,
          LINK_WORKER_REFERRAL_CANCELLED,
          FACILITATOR_NEW_MEMBER,
          FACILITATOR_WAITLIST,
          FACILITATOR_HELP_REQUEST,
          FACILITATOR_REMINDER,
          FACILITATOR_REFERRAL_CANCELLED,
          GP_STATUS_UPDATE,
          GP_OUTCOME,
          PERSON_NEXT_STEPS,
          HUB_OVERDUE,
          PERSON_GROUP_PLACE,
          SUBSCRIPTION_NOTIFICATION,
          LINK_WORKER_PLACE_OFFERED);

  private NotificationTemplates() {}

  /**
   * {@code fields} under today's names: a field written under a former name (by a router older than
   * the rename, still on the topic) is read as the field it became. A field already present under
   * its new name wins.
   */
  public static Map<String, String> currentNames(Map<String, String> fields) {
    Map<String, String> current = new LinkedHashMap<>();
    fields.forEach((name, value) -> current.put(FORMER_NAMES.getOrDefault(name, name), value));
    fields.forEach(
        (name, value) -> {
          if (!FORMER_NAMES.containsKey(name)) {
            current.put(name, value);
          }
        });
    return current;
  }

  /** Every template. */
  public static List<NotificationTemplate> all() {
    return ALL;
  }

  /** The template named {@code id}, if there is one. */
  public static Optional<NotificationTemplate> find(String id) {
    return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** Every field any template for {@code audience} may carry. */
  public static Set<String> fieldsFor(Audience audience) {
    return ALL.stream()
        .filter(t -> t.audience() == audience)
        .flatMap(t -> t.fields().stream())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Set<String> facilitatorFields() {
    return Set.of(
        "recipientName",
        "personFirstName",
        "groupName",
        "activity",
        "sessionDate",
        "sessionTime",
        "preferredContact",
        "linkWorkerName",
        "taskId",
        NotificationTemplate.RESPOND_URL);
  }

  private static Set<String> gpFields() {
    return Set.of(
        "recipientName",
        "personName",
        "nhsNumber",
        "birthDate",
        "taskId",
        "linkWorkerService",
        "taskStatus",
        "businessStatus",
        "statusReason",
        // The coded reason as system|code, so a GP system can file it, not only show it.
        "statusReasonCode",
        // The GP's own ServiceRequest identifier as system|value: its Task copy's focus.
        "referralIdentifier");
  }
}
