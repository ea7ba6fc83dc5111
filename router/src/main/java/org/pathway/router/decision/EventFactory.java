package org.pathway.router.decision;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.directory.ContactChannel;
import org.pathway.directory.DirectoryEntry;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.Recipient;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.router.links.RespondLinks;

/**
 * Builds output events. Ids derive from the causing event's id, so reprocessing one input yields
 * byte-for-byte the same ids and every consumer downstream can deduplicate on them. A message that
 * asks for an answer gets its signed link here, so no policy can send one without it.
 */
public final class EventFactory {

  /** The producer name stamped on every envelope. */
  public static final String PRODUCER = "router";

  private final Clock clock;
  private final RespondLinks links;

  public EventFactory(Clock clock, RespondLinks links) {
    this.clock = clock;
    this.links = links;
  }

  /** A stable id for the output of {@code purpose} caused by event {@code causeEventId}. */
  public static UUID derivedId(UUID causeEventId, String purpose) {
    return UUID.nameUUIDFromBytes((causeEventId + "|" + purpose).getBytes(StandardCharsets.UTF_8));
  }

  /** An envelope for an event caused by {@code cause}. */
  public EventEnvelope envelope(EventEnvelope cause, String purpose) {
    return EventEnvelope.newBuilder()
        .setEventId(derivedId(cause.getEventId(), purpose))
        .setOccurredAt(clock.instant())
        .setReferralId(cause.getReferralId())
        .setCorrelationId(cause.getCorrelationId())
        .setCausationId(cause.getEventId().toString())
        .setProducer(PRODUCER)
        .build();
  }

  /** A routing decision answering {@code cause}. */
  public RoutingDecisionMade decision(
      EventEnvelope cause,
      SpecificRecord causeEvent,
      String taskId,
      RoutingAction action,
      Actor target,
      String ruleId,
      CapacityStatus capacity,
      String explanation) {
    return decision(
        cause, "decision", causeEvent, taskId, action, target, ruleId, capacity, explanation);
  }

  /**
   * As {@link #decision(EventEnvelope, SpecificRecord, String, RoutingAction, Actor, String,
   * CapacityStatus, String)}, for a second policy deciding on the same event: {@code purpose} keeps
   * its decision's event id apart from the first's.
   */
  public RoutingDecisionMade decision(
      EventEnvelope cause,
      String purpose,
      SpecificRecord causeEvent,
      String taskId,
      RoutingAction action,
      Actor target,
      String ruleId,
      CapacityStatus capacity,
      String explanation) {
    return RoutingDecisionMade.newBuilder()
        .setEnvelope(envelope(cause, purpose))
        .setTaskId(taskId)
        .setAction(action)
        .setTarget(target)
        .setRuleId(ruleId)
        .setCapacity(capacity)
        .setExplanation(explanation)
        .setCausedByEventType(causeEvent.getSchema().getFullName())
        .build();
  }

  /**
   * A notification to {@code to} through {@code channel}, holding only fields the audience may see;
   * the idempotency key is the notification id, stable across reprocessing. When the template asks
   * for an answer, {@code respondUrl} is a signed link to Task {@code taskId} for the organisation
   * {@code to} (its directory id is how the ledger names the Task's owner).
   */
  public NotificationRequested notification(
      EventEnvelope cause,
      String purpose,
      String taskId,
      NotificationTemplate template,
      DirectoryEntry to,
      ContactChannel channel,
      Map<String, String> fields) {
    String recipientName = to.contactName() == null ? to.name() : to.contactName();
    Map<String, String> kept = new TreeMap<>();
    kept.put("recipientName", recipientName);
    keepGiven(kept, fields);
    if (template.asksForAnswer()) {
      kept.put(
          NotificationTemplate.RESPOND_URL, links.respondUrl(cause, template, taskId, to.id()));
    }
    Recipient recipient =
        Recipient.newBuilder()
            .setOrganisation(to.toActor())
            .setName(recipientName)
            .setAddress(channel.address())
            .setSecretRef(channel.secretRef())
            .build();
    return request(cause, purpose, taskId, template, channel.channel(), recipient, kept, null);
  }

  /**
   * A notification to the person referred, at the one address they chose to be told at. Refused for
   * a template not meant for the person, or one asking for an answer: a person's message asks
   * nothing and carries no link, so it can never open a Task for whoever reads their inbox.
   */
  public NotificationRequested personNotification(
      EventEnvelope cause,
      String purpose,
      String taskId,
      NotificationTemplate template,
      PersonContact to,
      Map<String, String> fields) {
    if (template.audience() != Audience.PERSON || template.asksForAnswer()) {
      throw new IllegalArgumentException(
          "template " + template.id() + " is not a message for the person referred");
    }
    Map<String, String> kept = new TreeMap<>();
    if (to.givenName() != null && !to.givenName().isBlank()) {
      kept.put("recipientName", to.givenName());
    }
    keepGiven(kept, fields);
    Recipient recipient =
        Recipient.newBuilder()
            .setOrganisation(null)
            .setName(to.givenName())
            .setAddress(to.address())
            .setSecretRef(null)
            .build();
    return request(cause, purpose, taskId, template, to.channel(), recipient, kept, null);
  }

  /**
   * A rest-hook for a FHIR Subscription: to the subscriber's own endpoint (not a directory entry),
   * holding only the template's fields, with {@code idempotencyKey} (the subscription and the Task
   * version) so the subscriber can drop a repeat. Its headers travel in the fields, not as a secret
   * reference: they are the subscriber's, given with the subscription.
   */
  public NotificationRequested subscriptionNotification(
      EventEnvelope cause,
      String purpose,
      String taskId,
      NotificationTemplate template,
      Actor subscriber,
      String endpoint,
      Map<String, String> fields,
      String idempotencyKey) {
    Map<String, String> kept = new TreeMap<>();
    keepGiven(kept, fields);
    Recipient recipient =
        Recipient.newBuilder().setOrganisation(subscriber).setAddress(endpoint).build();
    return request(
        cause,
        purpose,
        taskId,
        template,
        org.pathway.events.avro.Channel.FHIR,
        recipient,
        kept,
        idempotencyKey);
  }

  /** Adds the fields given a value to {@code kept}: an empty field is left for the template. */
  private static void keepGiven(Map<String, String> kept, Map<String, String> fields) {
    fields.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            kept.put(k, v);
          }
        });
  }

  /**
   * The one shape of every notification request: checked against the shared template contract (a
   * field the notifier would not show is never sent), its id derived from the cause and {@code
   * purpose} so reprocessing yields the same request, and that id its idempotency key unless the
   * caller names one.
   */
  private NotificationRequested request(
      EventEnvelope cause,
      String purpose,
      String taskId,
      NotificationTemplate template,
      org.pathway.events.avro.Channel channel,
      Recipient recipient,
      Map<String, String> fields,
      String idempotencyKey) {
    template.check(fields);
    UUID notificationId = derivedId(cause.getEventId(), "notification|" + purpose);
    return NotificationRequested.newBuilder()
        .setEnvelope(envelope(cause, "notification|" + purpose))
        .setNotificationId(notificationId)
        .setTaskId(taskId)
        .setAudience(template.audience())
        .setChannel(channel)
        .setRecipient(recipient)
        .setTemplateId(template.id())
        .setFields(fields)
        .setIdempotencyKey(idempotencyKey == null ? notificationId.toString() : idempotencyKey)
        .build();
  }
}
