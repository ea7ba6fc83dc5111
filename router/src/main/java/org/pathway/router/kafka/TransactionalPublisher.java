package org.pathway.router.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.deadletter.DeadLetter;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the router's output for one poll of input records (or one record) and commits their
 * offsets in the same Kafka transaction. Either both the decisions and the offset are visible or
 * neither is, so a crash at any instant leaves nothing lost (the record is read again) and nothing
 * doubled (the aborted output is invisible to read_committed readers). camel-kafka's producer
 * cannot put a consumer offset in its transaction, which is why this step is a bean.
 *
 * <p>Kafka allows one open transaction per producer, and each transaction waits on the broker
 * several times (begin, offsets, commit). So the publisher keeps a small pool of transactional
 * producers, one per consumer thread: a transaction borrows one for its whole life and returns it
 * after commit or abort, so records of partitions read by different consumer threads wait on the
 * broker at the same time instead of in turn. Records of one partition stay in order because the
 * consumer thread that owns the partition runs their transactions one after another. Zombie fencing
 * does not depend on which producer carries an offset: {@code sendOffsetsToTransaction} with the
 * consumer's group metadata is fenced by the group generation (KIP-447).
 */
public final class TransactionalPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionalPublisher.class);

  private final KafkaClients kafka;
  private final Map<String, Object> overrides;
  private final List<Slot> slots;
  private final BlockingQueue<Slot> idle;

  /** One transactional producer; only the thread that borrowed the slot touches it. */
  private final class Slot {
    final String transactionalId;
    private KafkaProducer<String, Object> producer;

    Slot(String transactionalId) {
      this.transactionalId = transactionalId;
      this.producer = newProducer(transactionalId);
    }

    /** The producer, created again if the last one was discarded (and the broker answers now). */
    KafkaProducer<String, Object> producer() {
      if (producer == null) {
        producer = newProducer(transactionalId);
      }
      return producer;
    }

    void discard() {
      if (producer != null) {
        closeQuietly(producer);
        producer = null;
      }
    }
  }

  /**
   * @param transactionalIdPrefix unique per running instance and stable across its restarts; the
   *     producers are {@code <prefix>-0} to {@code <prefix>-<producers - 1>}, so a restarted
   *     instance aborts whatever its killed predecessor left open instead of leaving it to the
   *     transaction timeout
   * @param producers how many transactions may be open at once: the number of consumer threads
   */
  public TransactionalPublisher(
      KafkaClients kafka,
      String transactionalIdPrefix,
      int producers,
      Map<String, Object> overrides) {
    if (producers < 1) {
      throw new IllegalArgumentException("at least one producer, not " + producers);
    }
    this.kafka = kafka;
    this.overrides = Map.copyOf(overrides);
    List<Slot> created = new ArrayList<>();
    try {
      for (int n = 0; n < producers; n++) {
        created.add(new Slot(transactionalIdPrefix + "-" + n));
      }
    } catch (RuntimeException e) {
      created.forEach(Slot::discard);
      throw e;
    }
    slots = List.copyOf(created);
    idle = new ArrayBlockingQueue<>(producers, true, slots);
  }

  private KafkaProducer<String, Object> newProducer(String transactionalId) {
    Map<String, Object> p = kafka.transactionalProducer(transactionalId, transactionalId);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.putAll(overrides);
    var producer = new KafkaProducer<>(p, new StringSerializer(), new RouterValueSerializer());
    producer.initTransactions();
    return producer;
  }

  /** Publishes {@code events} and commits {@code from}'s offset atomically. */
  public void publish(ConsumedRecord from, List<SpecificRecord> events) {
    inTransaction(
        from,
        producer -> {
          for (SpecificRecord event : events) {
            producer.send(new ProducerRecord<>(topicFor(event).name(), from.key(), event));
          }
        });
  }

  /** Puts the original bytes on the dead-letter topic with the reason, and commits the offset. */
  public void deadLetter(
      ConsumedRecord from, byte[] original, Map<String, byte[]> originalHeaders, String reason) {
    inTransaction(from, producer -> send(producer, from, original, originalHeaders, reason));
  }

  private static void send(
      KafkaProducer<String, Object> producer,
      ConsumedRecord from,
      byte[] original,
      Map<String, byte[]> originalHeaders,
      String reason) {
    var dead = DeadLetter.by(Service.ROUTER).key(from.key()).value(original);
    originalHeaders.forEach(dead::header);
    var record = dead.source(from.source()).reason(reason).build();
    producer.send(
        new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
  }

  /**
   * Publishes every output and dead letter of one poll and commits the offsets of every partition
   * of the poll, all in one transaction: a failure anywhere aborts the whole batch, and the caller
   * reads it again from its first offsets.
   *
   * @param group the polling consumer's metadata: a zombie whose group generation has moved on is
   *     refused by the broker (KIP-447), so a batch of partitions it lost cannot commit
   */
  public void commit(PollBatch batch, ConsumerGroupMetadata group) {
    inTransaction(
        batch.offsets(),
        group,
        "a batch of " + batch.firstOffsets(),
        producer -> {
          for (PollBatch.Output output : batch.outputs()) {
            producer.send(
                new ProducerRecord<>(
                    topicFor(output.event()).name(), output.key(), output.event()));
          }
          for (PollBatch.DeadLetter letter : batch.deadLetters()) {
            send(producer, letter.from(), letter.value(), letter.headers(), letter.reason());
          }
        });
  }

  /** Commits {@code from}'s offset with nothing to publish (a duplicate, or an ignored event). */
  public void skip(ConsumedRecord from) {
    inTransaction(from, producer -> {});
  }

  private void inTransaction(ConsumedRecord from, Consumer<KafkaProducer<String, Object>> sends) {
    inTransaction(
        Map.of(from.partition(), new OffsetAndMetadata(from.offset() + 1)),
        from.group(),
        from.source(),
        sends);
  }

  private void inTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group,
      String what,
      Consumer<KafkaProducer<String, Object>> sends) {
    Slot slot = borrow();
    try {
      KafkaProducer<String, Object> producer = slot.producer();
      try {
        producer.beginTransaction();
        sends.accept(producer);
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
      } catch (ProducerFencedException e) {
        // Another process took this transactional id: this producer is finished, the next is new.
        LOG.warn("producer {} fenced at {}; starting a new one", slot.transactionalId, what);
        slot.discard();
        throw e;
      } catch (RuntimeException e) {
        // Whatever failed, the slot goes back without an open transaction.
        try {
          producer.abortTransaction();
        } catch (RuntimeException abortFailed) {
          LOG.warn(
              "abort after failure at {} failed; recreating producer {}",
              what,
              slot.transactionalId,
              abortFailed);
          slot.discard();
        }
        throw e;
      }
    } finally {
      // Returned after commit or abort, never with a transaction open.
      idle.add(slot);
    }
  }

  /**
   * Waits for a producer with no open transaction; never longer than a consumer thread holds one.
   */
  private Slot borrow() {
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // A KafkaException, so the error policy re-reads the record rather than dead-lettering it.
      throw new InterruptException(e);
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

  private static void closeQuietly(KafkaProducer<String, Object> producer) {
    try {
      producer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.debug("closing producer", e);
    }
  }

  /** Called once the routes have stopped, so no transaction is open. */
  @Override
  public void close() {
    slots.forEach(Slot::discard);
  }
}
