package org.pathway.fhiradapter.ledger;

/**
 * An outbox row waiting for the relay.
 *
 * @param seq commit-order sequence number
 * @param referralId the Kafka key: the root referral id, so one pathway's events keep their order
 * @param eventType the event's full Avro name
 * @param eventId the event's envelope id
 * @param correlationId the envelope's correlation id
 * @param payload the serialized event, as it goes on the topic
 */
public record OutboxRow(
    long seq,
    String topic,
    String referralId,
    String eventType,
    String eventId,
    String correlationId,
    byte[] payload) {}
