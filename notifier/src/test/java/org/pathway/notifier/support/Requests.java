package org.pathway.notifier.support;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.Recipient;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;

/** Builds notification requests as the router would, and puts them on the requests topic. */
public final class Requests {

  private Requests() {}

  public static NotificationRequested request(
      String referralId,
      Audience audience,
      Channel channel,
      String address,
      String templateId,
      Map<String, String> fields) {
    return request(referralId, audience, channel, address, null, null, templateId, fields);
  }

  public static NotificationRequested request(
      String referralId,
      Audience audience,
      Channel channel,
      String address,
      String secretRef,
      String taskId,
      String templateId,
      Map<String, String> fields) {
    UUID id = UUID.randomUUID();
    return NotificationRequested.newBuilder()
        .setEnvelope(
            EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now())
                .setReferralId(referralId)
                .setCorrelationId("corr-" + referralId)
                .setProducer("router")
                .build())
        .setNotificationId(id)
        .setTaskId(taskId)
        .setAudience(audience)
        .setChannel(channel)
        .setRecipient(Recipient.newBuilder().setAddress(address).setSecretRef(secretRef).build())
        .setTemplateId(templateId)
        .setFields(Map.copyOf(fields))
        .setIdempotencyKey("idem-" + id)
        .build();
  }

  public static byte[] bytes(NotificationRequested r) {
    return new EventSerializer()
        .serialize(Topics.NOTIFICATION_REQUESTS.name(), new RecordHeaders(), r);
  }

  /** Sends {@code r} keyed by its referral id and waits for the broker's acknowledgement. */
  public static void send(Producer<String, byte[]> producer, NotificationRequested r) {
    RecordHeaders headers = new RecordHeaders();
    byte[] value = new EventSerializer().serialize(Topics.NOTIFICATION_REQUESTS.name(), headers, r);
    sendRaw(producer, r.getEnvelope().getReferralId(), value, headers);
  }

  /**
   * Sends {@code r} in a Kafka transaction of its own, as the router publishes, and commits or
   * aborts it; {@code producer} must be transactional (see {@link TestKafka#transactionalRouter}).
   */
  public static void sendInTransaction(
      Producer<String, byte[]> producer, NotificationRequested r, boolean commit) {
    producer.beginTransaction();
    send(producer, r);
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  public static void sendRaw(
      Producer<String, byte[]> producer, String key, byte[] value, RecordHeaders headers) {
    try {
      producer
          .send(
              new ProducerRecord<>(Topics.NOTIFICATION_REQUESTS.name(), null, key, value, headers))
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not send test request", e);
    }
  }
}
