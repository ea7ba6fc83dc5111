package org.pathway.notifier.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.DeliveryAttempt;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.deadletter.DeadLetter;
import org.pathway.notifier.delivery.Delivery;
import org.pathway.notifier.delivery.Delivery.Attempt;
import org.pathway.notifier.delivery.DeliveryStore;
import org.pathway.notifier.delivery.ReceiptSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns terminal rows of the delivery log into receipts on {@code pathway.notification.receipts}
 * and, for a failure, the original request on the notifier's dead-letter topic. A row is marked
 * published only after Kafka acknowledged both, so a crash in between republishes with the same
 * event id, which the receipt's readers deduplicate on. The receipts of a batch of rows are sent
 * together and the rows marked in one statement: one broker round trip and one commit per batch,
 * not per receipt, since the delivery worker claims nothing new while this runs.
 */
public final class ReceiptPublisher implements ReceiptSink {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiptPublisher.class);
  private static final String PRODUCER = "notifier";
  private static final int BATCH = 200;

  private final Producer<String, byte[]> producer;
  private final DeliveryStore store;
  private final EventSerializer serializer = new EventSerializer();
  private final EventDeserializer deserializer = new EventDeserializer();
  private final Counter deadLetters;
  private final Counter delivered;

  public ReceiptPublisher(
      Producer<String, byte[]> producer, DeliveryStore store, MeterRegistry meters) {
    this.producer = producer;
    this.store = store;
    this.deadLetters =
        Counter.builder("notifier.dead.letters")
            .description("Notifications given up on: failed receipt sent and request dead-lettered")
            .register(meters);
    this.delivered =
        Counter.builder("notifier.receipts.delivered")
            .description("Delivered receipts published")
            .register(meters);
  }

  @Override
  public synchronized int publishDue() {
    int published = 0;
    List<Delivery> due;
    do {
      due = store.unpublished(BATCH);
      publish(due);
      published += due.size();
    } while (due.size() == BATCH);
    return published;
  }

  /**
   * Sends every row's receipt, then waits for the acknowledgements and marks the rows whose receipt
   * is on Kafka; the first failure is thrown after that, and its row (with any after it) is tried
   * again on the next pass.
   */
  private void publish(List<Delivery> due) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(due.size());
    RuntimeException failure = null;
    for (Delivery d : due) {
      try {
        acks.add(producer.send(receipt(d)));
      } catch (RuntimeException e) {
        failure = e;
        break;
      }
    }
    List<String> onKafka = new ArrayList<>(acks.size());
    for (int i = 0; i < acks.size() && failure == null; i++) {
      try {
        await(acks.get(i), Topics.NOTIFICATION_RECEIPTS.name());
        onKafka.add(due.get(i).notificationId());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    store.markPublished(onKafka);
    for (int i = 0; i < onKafka.size(); i++) {
      Delivery d = due.get(i);
      if (d.status() == Delivery.Status.FAILED) {
        deadLetters.increment();
        LOG.error("ALERT notification {} dead-lettered: {}", d.notificationId(), d.failureReason());
      } else {
        delivered.increment();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The receipt of a finished delivery; a failure's dead letter is sent (and acknowledged) first.
   */
  private ProducerRecord<String, byte[]> receipt(Delivery d) {
    NotificationRequested request =
        (NotificationRequested)
            deserializer.deserialize(Topics.NOTIFICATION_REQUESTS.name(), d.requestBytes());
    EventEnvelope envelope =
        EventEnvelope.newBuilder()
            .setEventId(java.util.UUID.fromString(d.receiptEventId()))
            .setOccurredAt(java.time.Instant.ofEpochMilli(d.finishedAt()))
            .setReferralId(d.referralId())
            .setCorrelationId(request.getEnvelope().getCorrelationId())
            .setCausationId(request.getEnvelope().getEventId().toString())
            .setProducer(PRODUCER)
            .build();
    SpecificRecord receipt;
    if (d.status() == Delivery.Status.DELIVERED) {
      receipt =
          NotificationDelivered.newBuilder()
              .setEnvelope(envelope)
              .setNotificationId(java.util.UUID.fromString(d.notificationId()))
              .setChannel(request.getChannel())
              .setProviderReference(d.providerRef())
              .setAttempts(d.attempts())
              .setDeliveredAt(java.time.Instant.ofEpochMilli(d.finishedAt()))
              .setResentInDoubt(d.resentInDoubt())
              .setTaskId(request.getTaskId())
              .build();
    } else {
      List<DeliveryAttempt> attempts = new ArrayList<>();
      for (Attempt a : store.attempts(d.notificationId())) {
        attempts.add(
            new DeliveryAttempt(
                java.time.Instant.ofEpochMilli(a.attemptedAt()),
                a.error() == null ? "interrupted before its outcome was recorded" : a.error()));
      }
      receipt =
          NotificationFailed.newBuilder()
              .setEnvelope(envelope)
              .setNotificationId(java.util.UUID.fromString(d.notificationId()))
              .setChannel(request.getChannel() == null ? Channel.UNKNOWN : request.getChannel())
              .setAttempts(attempts)
              .setReason(d.failureReason() == null ? "failed" : d.failureReason())
              .setDeadLetterTopic(Topics.NOTIFIER_DEAD_LETTERS.name())
              .setTaskId(request.getTaskId())
              .build();
      // The dead letter goes first: once the receipt says "dead-lettered", it must be true.
      send(
          DeadLetter.by(Service.NOTIFIER)
              .key(d.referralId())
              .value(d.requestBytes())
              .header(EventHeaders.EVENT_TYPE, eventType(NotificationRequested.class))
              .source(d.source())
              .reason(d.failureReason())
              .build());
    }
    String topic = Topics.NOTIFICATION_RECEIPTS.name();
    RecordHeaders headers = new RecordHeaders();
    byte[] value = serializer.serialize(topic, headers, receipt);
    return new ProducerRecord<>(topic, null, d.referralId(), value, headers);
  }

  private void send(ProducerRecord<String, byte[]> record) {
    await(producer.send(record), record.topic());
  }

  private static void await(Future<RecordMetadata> ack, String topic) {
    try {
      ack.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted publishing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish to " + topic, e);
    }
  }

  /**
   * Counts a record that never reached the delivery log (unreadable bytes), already on the
   * dead-letter topic.
   */
  public void countUnreadable(String source, String reason) {
    deadLetters.increment();
    LOG.error("ALERT record at {} dead-lettered: {}", source, reason);
  }

  private static byte[] eventType(Class<?> type) {
    return type.getName().getBytes(StandardCharsets.UTF_8);
  }
}
