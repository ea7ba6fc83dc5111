package org.pathway.notifier.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.kafkaedge.consume.DurableConsumer;
import org.pathway.kafkaedge.consume.RecordHandler;
import org.pathway.notifier.delivery.Closures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ledger's {@code pathway.referral.events} for one fact only: a referral closed for good
 * ({@code ReferralCancelled}, whether the referrer withdrew it or the person withdrew consent),
 * kept in {@link Closures} so the delivery worker withholds whatever about it has not yet left.
 * Every other event is skipped. Its own consumer group, committed only once the closure is durable.
 */
public final class ClosureConsumer implements RecordHandler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClosureConsumer.class);

  private final Closures closures;
  private final Runnable onClosed;
  private final Clock clock;
  private final EventDeserializer deserializer = new EventDeserializer();
  private final DurableConsumer loop;

  /**
   * @param consumerConfig from {@code KafkaClients.consumer}, with this consumer's own group
   * @param deadLetters the notifier's producer, which the caller closes
   * @param onClosed called after a commit, to wake the worker
   */
  public ClosureConsumer(
      Map<String, Object> consumerConfig,
      Producer<String, byte[]> deadLetters,
      Closures closures,
      Runnable onClosed,
      Clock clock) {
    this.closures = closures;
    this.onClosed = onClosed;
    this.clock = clock;
    var config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    this.loop =
        new DurableConsumer(
            config,
            deadLetters,
            new DurableConsumer.Settings(
                "notifier-closure-consumer",
                List.of(Topics.REFERRAL_EVENTS.name()),
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
    SpecificRecord event = deserializer.deserialize(r.topic(), r.headers(), r.value());
    if (!(event instanceof ReferralCancelled cancelled)) {
      return;
    }
    String referralId = cancelled.getEnvelope().getReferralId();
    String reason = cancelled.getReason() == null ? null : cancelled.getReason().getCode();
    // Only the referral itself closes it: a link worker cancelling one group's Task (an onward
    // referral) goes on to offer another group, and those messages must still go.
    if (!referralId.equals(cancelled.getServiceRequestId())
        && !CodeSystems.CONSENT_WITHDRAWN.equals(reason)) {
      return;
    }
    if (closures.close(
        referralId,
        cancelled.getEnvelope().getEventId().toString(),
        reason,
        cancelled.getEnvelope().getOccurredAt().toEpochMilli(),
        clock.millis())) {
      LOG.info("referral {} closed ({}): nothing further is sent about it", referralId, reason);
    }
  }

  @Override
  public void afterCommit() {
    onClosed.run();
  }

  /** True while the loop runs and has polled recently. */
  public boolean healthy(Duration maxSilence) {
    return loop.healthy(maxSilence);
  }

  @Override
  public void close() {
    loop.close();
  }
}
