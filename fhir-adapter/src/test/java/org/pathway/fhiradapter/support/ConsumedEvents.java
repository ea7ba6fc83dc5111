package org.pathway.fhiradapter.support;

import java.time.Instant;
import java.util.UUID;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;

/** Events as the router and the notifier would send them to the ledger's applier. */
public final class ConsumedEvents {

  private ConsumedEvents() {}

  /** A new event's envelope for {@code referralId}, occurring now. */
  public static EventEnvelope envelope(String referralId) {
    return EventEnvelope.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(Instant.now())
        .setReferralId(referralId)
        .setCorrelationId("corr-" + UUID.randomUUID())
        .setProducer("test")
        .build();
  }

  /** The notifier's receipt for an email about {@code referralId}, delivered at the first try. */
  public static NotificationDelivered emailDelivered(String referralId) {
    return NotificationDelivered.newBuilder()
        .setEnvelope(envelope(referralId))
        .setNotificationId(UUID.randomUUID())
        .setChannel(Channel.EMAIL)
        .setProviderReference("smtp-250-ok")
        .setAttempts(1)
        .setDeliveredAt(Instant.now())
        .build();
  }
}
