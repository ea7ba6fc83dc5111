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
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.Recipient;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.notifications.NotificationTemplate;

/**
 * Builds output events. Ids derive from the causing event's id, so reprocessing one input yields
 * byte-for-byte the same ids and every consumer downstream can deduplicate on them.
 */
public final class EventFactory {

  /** The producer name stamped on every envelope. */
  public static final String PRODUCER = "router";

  private final Clock clock;

  public EventFactory(Clock clock) {
    this.clock = clock;
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
    return RoutingDecisionMade.newBuilder()
        .setEnvelope(envelope(cause, "decision"))
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
   * the idempotency key is the notification id, stable across reprocessing.
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
    fields.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            kept.put(k, v);
          }
        });
    // The shared template contract: a field the notifier would not show is never sent.
    template.check(kept);
    UUID notificationId = derivedId(cause.getEventId(), "notification|" + purpose);
    return NotificationRequested.newBuilder()
        .setEnvelope(envelope(cause, "notification|" + purpose))
        .setNotificationId(notificationId)
        .setTaskId(taskId)
        .setAudience(template.audience())
        .setChannel(channel.channel())
        .setRecipient(
            Recipient.newBuilder()
                .setOrganisation(to.toActor())
                .setName(recipientName)
                .setAddress(channel.address())
                .setSecretRef(channel.secretRef())
                .build())
        .setTemplateId(template.id())
        .setFields(kept)
        .setIdempotencyKey(notificationId.toString())
        .build();
  }
}
