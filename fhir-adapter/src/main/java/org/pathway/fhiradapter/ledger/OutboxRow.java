package org.pathway.fhiradapter.ledger;

/**
 * An outbox row waiting for the relay.
 *
 * @param seq commit-order sequence number
 * @param referralId the Kafka key: the root referral id, so one pathway's events keep their order
 * @param payload the serialized event
 */
public record OutboxRow(long seq, String topic, String referralId, byte[] payload) {}
