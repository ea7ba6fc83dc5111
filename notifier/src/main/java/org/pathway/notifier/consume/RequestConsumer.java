package org.pathway.notifier.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
import org.pathway.notifier.delivery.DeliveryStore.Intake;
import org.pathway.notifier.delivery.DeliveryStore.NewDelivery;
import org.pathway.notifier.delivery.RequestCheck;
import org.pathway.notifier.publish.ReceiptPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code pathway.notification.requests} and records each request in the delivery log: the
 * batched handler of a {@link DurableConsumer}, which records a poll's requests in one statement
 * and commits the positions only after every record of the poll is durable in the log or on the
 * dead-letter topic, and reads the poll again if the store fails. A record that cannot be decoded,
 * or is not a request, is dead-lettered with its original bytes instead of stopping the partition.
 */
public final class RequestConsumer implements RecordHandler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RequestConsumer.class);

  private final DeliveryStore store;
  private final RequestCheck check;
  private final ReceiptPublisher publisher;
  private final Runnable onStored;
  private final Clock clock;
  private final EventDeserializer deserializer = new EventDeserializer();
  private final List<Staged> staged = new ArrayList<>();
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

  /** A request read from this poll, recorded with the rest of the poll in {@link #commitBatch}. */
  private record Staged(
      Intake intake,
      NotificationRequested request,
      String replayId,
      String replayOf,
      String replayBy) {}

  @Override
  public boolean batched() {
    return true;
  }

  @Override
  public void beginBatch(ConsumerRecords<String, byte[]> records) {
    staged.clear();
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
    Intake intake =
        refusal.isPresent()
            ? Intake.refused(d, refusal.get(), java.util.UUID.randomUUID().toString())
            : Intake.pending(d);
    staged.add(
        new Staged(
            intake,
            request,
            EventHeaders.get(r.headers(), EventHeaders.REPLAY_ID),
            EventHeaders.get(r.headers(), EventHeaders.REPLAY_OF),
            EventHeaders.get(r.headers(), EventHeaders.REPLAY_BY)));
  }

  /**
   * The poll's requests go into the log in one statement, before the loop commits the positions:
   * one commit a poll rather than one a request.
   */
  @Override
  public void commitBatch() {
    Set<String> recorded = store.acceptAll(staged.stream().map(Staged::intake).toList());
    for (Staged s : staged) {
      String id = s.intake().delivery().notificationId();
      boolean refused = s.intake().refusal() != null;
      if (!recorded.contains(id) && s.replayId() != null && !refused) {
        reopen(id, s);
      } else if (!recorded.contains(id)) {
        LOG.debug("notification {} already recorded; redelivery ignored", id);
      } else if (refused) {
        LOG.warn("notification {} refused: {}", id, s.intake().refusal());
      } else {
        var extra = RequestCheck.fieldsOutsideAllowlist(s.request());
        if (!extra.isEmpty()) {
          LOG.warn(
              "notification {} carries fields outside the {} allowlist; they will not be sent: {}",
              id,
              s.request().getAudience(),
              extra);
        }
      }
    }
    staged.clear();
  }

  @Override
  public void abortBatch() {
    staged.clear();
  }

  /** An operator replayed its dead letter once the fault was fixed: try it again, once. */
  private void reopen(String id, Staged s) {
    if (store.reopenForReplay(id, s.replayId(), clock.millis())) {
      LOG.info(
          "notification {} reopened by replay {} of {} (by {})",
          id,
          s.replayId(),
          s.replayOf(),
          s.replayBy());
    } else {
      LOG.info(
          "notification {} not reopened by replay {}: not failed, or that replay applied already",
          id,
          s.replayId());
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
