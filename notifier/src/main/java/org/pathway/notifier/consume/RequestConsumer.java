package org.pathway.notifier.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.delivery.DeliveryStore;
import org.pathway.notifier.delivery.DeliveryStore.NewDelivery;
import org.pathway.notifier.delivery.RequestCheck;
import org.pathway.notifier.publish.ReceiptPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code pathway.notification.requests} and records each request in the delivery log. Offsets
 * are committed only after every record of a poll is durable in the log or in the dead-letter
 * topic; if the store fails, the consumer rewinds and tries the same records again. Values are read
 * as bytes and decoded here, so a poison record is dead-lettered with its original bytes instead of
 * stopping the partition.
 *
 * <p>What is committed is the consumer's position, not "last record + 1": the router writes
 * requests in Kafka transactions, each ending in a commit marker that takes an offset after its
 * last record, and only the position moves past it, so an idle intake shows no lag.
 */
public final class RequestConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RequestConsumer.class);

  private final Properties config;
  private final DeliveryStore store;
  private final RequestCheck check;
  private final ReceiptPublisher publisher;
  private final Runnable onStored;
  private final Clock clock;
  private final EventDeserializer deserializer = new EventDeserializer();
  private volatile boolean running;
  private volatile long lastPollMillis;
  private volatile String lastError;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;
  // What this consumer last committed per partition, so a poll that moved nothing commits nothing.
  // Used only on the consumer's thread.
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  public RequestConsumer(
      String bootstrapServers,
      String groupId,
      Duration sessionTimeout,
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
    config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "notifier-requests");
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()));
    config.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        Long.toString(Math.max(500, sessionTimeout.toMillis() / 3)));
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.NOTIFICATION_REQUESTS.name()));
    running = true;
    thread = new Thread(this::run, "notifier-request-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long backoff = 500;
    try {
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        lastPollMillis = clock.millis();
        if (records.isEmpty()) {
          // Nothing new to make durable, but the poll may have skipped a commit marker.
          commitPositionsIfMoved();
          continue;
        }
        try {
          for (ConsumerRecord<String, byte[]> r : records) {
            handle(r);
          }
          // Every record of the poll is durable: the positions are safe to commit.
          commitPositions();
          lastError = null;
          backoff = 500;
          onStored.run();
        } catch (RuntimeException e) {
          if (e instanceof WakeupException) {
            throw e;
          }
          lastError = e.toString();
          LOG.warn(
              "could not make polled requests durable; rewinding and retrying in {} ms",
              backoff,
              e);
          rewind(records);
          sleep(backoff);
          backoff = Math.min(backoff * 2, 30_000);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(ConsumerRecord<String, byte[]> r) {
    String source = r.topic() + "-" + r.partition() + "@" + r.offset();
    SpecificRecord event;
    try {
      event = deserializer.deserialize(r.topic(), r.headers(), r.value());
    } catch (EventDecodingException e) {
      publisher.deadLetterUnreadable(
          r.key(),
          r.value(),
          e.reason() + ": " + e.getMessage(),
          source,
          EventHeaders.get(r.headers(), EventHeaders.EVENT_TYPE));
      return;
    }
    if (!(event instanceof NotificationRequested request)) {
      publisher.deadLetterUnreadable(
          r.key(),
          r.value(),
          "not a NotificationRequested: "
              + (event == null ? "null value" : event.getClass().getName()),
          source,
          EventHeaders.get(r.headers(), EventHeaders.EVENT_TYPE));
      return;
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
    if (!recorded) {
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

  /**
   * Commits the position of every assigned partition whose position is known and has moved since
   * this consumer last committed it: what {@code commitSync()} commits, without a round trip on
   * every idle poll. Only to be called when every record returned so far is durable.
   */
  private void commitPositions() {
    var assigned = consumer.assignment();
    committed.keySet().retainAll(assigned);
    Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
    for (TopicPartition tp : assigned) {
      long position;
      try {
        // Zero wait: a partition just assigned may not have a position yet, and has read nothing.
        position = consumer.position(tp, Duration.ZERO);
      } catch (TimeoutException e) {
        continue;
      }
      Long last = committed.get(tp);
      if (last == null || last != position) {
        moved.put(tp, new OffsetAndMetadata(position));
      }
    }
    if (!moved.isEmpty()) {
      consumer.commitSync(moved);
      moved.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    }
  }

  // After an empty poll nothing is at stake: a failed commit is tried again on the next poll, and
  // intake's health is left to the polls that carry records.
  private void commitPositionsIfMoved() {
    try {
      commitPositions();
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.debug("could not commit positions after an empty poll; next poll tries again", e);
    }
  }

  // After a failed commit the group may have rebalanced: only partitions still ours are rewound;
  // the others resume from their committed offsets on whichever consumer now owns them.
  private void rewind(ConsumerRecords<String, byte[]> records) {
    var assigned = consumer.assignment();
    for (TopicPartition tp : records.partitions()) {
      if (assigned.contains(tp)) {
        consumer.seek(tp, records.records(tp).get(0).offset());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True while the loop runs and has polled recently. */
  public boolean healthy(Duration maxSilence) {
    return running
        && thread != null
        && thread.isAlive()
        && lastError == null
        && clock.millis() - lastPollMillis < maxSilence.toMillis();
  }

  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
