package org.pathway.notifier.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.consume.DurableConsumer;
import org.pathway.kafkaedge.consume.PoisonRecordException;
import org.pathway.kafkaedge.consume.RecordHandler;
import org.pathway.kafkaedge.deadletter.DeadLetter;
import org.pathway.notifier.delivery.DeliveryStore;
import org.pathway.notifier.delivery.DeliveryStore.NewDelivery;
import org.pathway.notifier.delivery.RequestCheck;
import org.pathway.notifier.publish.ReceiptPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code pathway.notification.requests} and records each request in the delivery log: the
 * handler of a {@link DurableConsumer}, which commits only after every record of a poll is durable
 * in the log or on the dead-letter topic, and rewinds and retries if the store fails. A record that
 * cannot be decoded, or is not a request, is dead-lettered with its original bytes instead of
 * stopping the partition.
 */
public final class RequestConsumer implements RecordHandler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RequestConsumer.class);

  private final DeliveryStore store;
  private final RequestCheck check;
  private final ReceiptPublisher publisher;
  private final Runnable onStored;
  private final Clock clock;
  private final EventDeserializer deserializer = new EventDeserializer();
  private final DurableConsumer loop;

  /**
   * @param consumerConfig from {@code KafkaClients.consumer}
   * @param deadLetters the notifier's producer, which the caller closes
   */
  public RequestConsumer(
      Map<String, Object> consumerConfig,
      Producer<String, byte[]> deadLetters,
      DeliveryStore store,
      RequestCheck check,
      ReceiptPublisher publisher,
      Runnable onStored,
      Clock clock) {
    this.store = store;
    this.check = check;
    this.publisher = publisher;
    this.onStored = onStored;
    this.clock = clock;
    var config = new java.util.HashMap<>(consumerConfig);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    this.loop =
        new DurableConsumer(
            config,
            deadLetters,
            new DurableConsumer.Settings(
                "notifier-request-consumer",
                List.of(Topics.NOTIFICATION_REQUESTS.name()),
                Service.NOTIFIER,
                Duration.ofMillis(500),
                Duration.ofMillis(500),
                Duration.ofSeconds(30)),
            this,
            clock);
  }

  public void start() {
    loop.start();
  }

  @Override
  public void handle(ConsumerRecord<String, byte[]> r) {
    String source = DeadLetter.source(r.topic(), r.partition(), r.offset());
    // An undecodable record's EventDecodingException reaches the loop, which dead-letters it.
    SpecificRecord event = deserializer.deserialize(r.topic(), r.headers(), r.value());
    if (!(event instanceof NotificationRequested request)) {
      throw new PoisonRecordException(
          "not a NotificationRequested: "
              + (event == null ? "null value" : event.getClass().getName()));
    }
    NewDelivery d =
        new NewDelivery(
            request.getNotificationId().toString(),
            request.getEnvelope().getReferralId(),
            RequestCheck.orderKey(request),
            request.getChannel().name(),
            request.getTemplateId(),
            r.value(),
            source,
            clock.millis());
    var refusal = check.refusal(request);
    boolean recorded =
        refusal.isPresent()
            ? store.acceptRefused(d, refusal.get(), java.util.UUID.randomUUID().toString())
            : store.accept(d);
    String replayId = EventHeaders.get(r.headers(), EventHeaders.REPLAY_ID);
    if (!recorded && replayId != null && refusal.isEmpty()) {
      // An operator replayed its dead letter once the fault was fixed: try it again, once.
      if (store.reopenForReplay(d.notificationId(), replayId, clock.millis())) {
        LOG.info(
            "notification {} reopened by replay {} of {} (by {})",
            d.notificationId(),
            replayId,
            EventHeaders.get(r.headers(), EventHeaders.REPLAY_OF),
            EventHeaders.get(r.headers(), EventHeaders.REPLAY_BY));
      } else {
        LOG.info(
            "notification {} not reopened by replay {}: not failed, or that replay applied already",
            d.notificationId(),
            replayId);
      }
    } else if (!recorded) {
      LOG.debug("notification {} already recorded; redelivery ignored", d.notificationId());
    } else if (refusal.isPresent()) {
      LOG.warn("notification {} refused: {}", d.notificationId(), refusal.get());
    } else {
      var extra = RequestCheck.fieldsOutsideAllowlist(request);
      if (!extra.isEmpty()) {
        LOG.warn(
            "notification {} carries fields outside the {} allowlist; they will not be sent: {}",
            d.notificationId(),
            request.getAudience(),
            extra);
      }
    }
  }

  @Override
  public void afterCommit() {
    onStored.run();
  }

  @Override
  public void deadLettered(ConsumerRecord<String, byte[]> r, String reason) {
    publisher.countUnreadable(DeadLetter.source(r.topic(), r.partition(), r.offset()), reason);
  }

  /** True while the loop runs and has polled recently. */
  public boolean healthy(Duration maxSilence) {
    return loop.healthy(maxSilence);
  }

  public String lastError() {
    return loop.lastError();
  }

  @Override
  public void close() {
    loop.close();
  }
}
