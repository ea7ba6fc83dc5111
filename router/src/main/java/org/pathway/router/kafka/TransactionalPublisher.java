package org.pathway.router.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the router's output for one input record and commits that record's offset in the same
 * Kafka transaction. Either both the decisions and the offset are visible or neither is, so a crash
 * at any instant leaves nothing lost (the record is read again) and nothing doubled (the aborted
 * output is invisible to read_committed readers). camel-kafka's producer cannot put a consumer
 * offset in its transaction, which is why this step is a bean.
 *
 * <p>One transaction at a time per process: Kafka allows one open transaction per producer.
 */
public final class TransactionalPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionalPublisher.class);

  private final Properties config;
  private KafkaProducer<String, Object> producer;

  /**
   * @param transactionalId unique per running instance and stable across its restarts, so a
   *     restarted instance fences its own zombie
   */
  public TransactionalPublisher(
      String bootstrapServers, String transactionalId, Map<String, Object> overrides) {
    config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "router-" + transactionalId);
    config.putAll(overrides);
    producer = newProducer();
  }

  private KafkaProducer<String, Object> newProducer() {
    var p = new KafkaProducer<>(config, new StringSerializer(), new RouterValueSerializer());
    p.initTransactions();
    return p;
  }

  /** Publishes {@code events} and commits {@code from}'s offset atomically. */
  public synchronized void publish(ConsumedRecord from, List<SpecificRecord> events) {
    inTransaction(
        from,
        () -> {
          for (SpecificRecord event : events) {
            producer.send(new ProducerRecord<>(topicFor(event).name(), from.key(), event));
          }
        });
  }

  /** Puts the original bytes on the dead-letter topic with the reason, and commits the offset. */
  public synchronized void deadLetter(
      ConsumedRecord from, byte[] original, Map<String, byte[]> originalHeaders, String reason) {
    inTransaction(
        from,
        () -> {
          var headers = new RecordHeaders();
          originalHeaders.forEach(headers::add);
          EventHeaders.put(headers, EventHeaders.DEAD_LETTER_REASON, reason);
          EventHeaders.put(headers, EventHeaders.DEAD_LETTER_SOURCE, from.source());
          EventHeaders.put(headers, EventHeaders.DEAD_LETTER_BY, Service.ROUTER.id());
          producer.send(
              new ProducerRecord<>(
                  Topics.ROUTER_DEAD_LETTERS.name(), null, from.key(), original, headers));
        });
  }

  /** Commits {@code from}'s offset with nothing to publish (a duplicate, or an ignored event). */
  public synchronized void skip(ConsumedRecord from) {
    inTransaction(from, () -> {});
  }

  private void inTransaction(ConsumedRecord from, Runnable sends) {
    try {
      producer.beginTransaction();
      sends.run();
      producer.sendOffsetsToTransaction(
          Map.of(from.partition(), new OffsetAndMetadata(from.offset() + 1)), from.group());
      producer.commitTransaction();
    } catch (ProducerFencedException e) {
      // Another process took our transactional id: this producer is finished, the next is new.
      LOG.warn("producer fenced at {}; starting a new one", from.source());
      closeQuietly();
      producer = newProducer();
      throw e;
    } catch (KafkaException | IllegalStateException e) {
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        LOG.warn(
            "abort after failure at {} failed; recreating producer", from.source(), abortFailed);
        closeQuietly();
        producer = newProducer();
      }
      throw e;
    }
  }

  private static Topic topicFor(SpecificRecord event) {
    if (event instanceof RoutingDecisionMade) {
      return Topics.ROUTING_DECISIONS;
    }
    if (event instanceof NotificationRequested) {
      return Topics.NOTIFICATION_REQUESTS;
    }
    throw new IllegalArgumentException(
        "the router does not write " + event.getClass().getSimpleName());
  }

  private void closeQuietly() {
    try {
      producer.close(java.time.Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.debug("closing producer", e);
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}
