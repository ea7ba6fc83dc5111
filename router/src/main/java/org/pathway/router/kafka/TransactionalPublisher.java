package org.pathway.router.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
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
 * Publishes the router's output and commits the input offsets in Kafka transactions: either both
 * the decisions and the offsets are visible or neither is, so a crash at any instant leaves nothing
 * lost (the records are read again) and nothing doubled (the aborted output is invisible to
 * read_committed readers). camel-kafka's producer cannot put a consumer offset in its transaction,
 * which is why this step is a bean.
 *
 * <p><b>One transaction per poll.</b> A consumer thread's records of one poll share one
 * transaction: it begins with the poll's first record and commits, with every partition's next
 * offset, after the record {@link ConsumedRecord#endsPoll() that ends the poll}. Per record that
 * saves three broker round trips and the commit markers, which B5 showed were most of the router's
 * time. The open transaction belongs to the consumer thread (a thread-local batch); records of one
 * partition stay in order because that thread handles them one after another.
 *
 * <p><b>An abort re-reads the batch.</b> When a transaction fails, or the route gives up on a
 * record ({@link #abandon()}), the batch's output is aborted though Camel has moved past its
 * earlier records. Until the consumer has gone back to them (camel-kafka reconnects after a record
 * it breaks on and resumes from the committed offsets, which the aborted batch never moved), every
 * later record of those partitions is refused with a {@link KafkaException}, so none can commit an
 * offset beyond a record whose output was lost. A record at or before a partition's first offset in
 * the aborted batch, or a new consumer generation, ends the refusal.
 *
 * <p>Kafka allows one open transaction per producer, so the publisher keeps a pool of transactional
 * producers, one per consumer thread: a batch borrows one for its whole life and returns it after
 * commit or abort, so different consumer threads wait on the broker at the same time. Zombie
 * fencing does not depend on which producer carries an offset: {@code sendOffsetsToTransaction}
 * with the consumer's group metadata is fenced by the group generation (KIP-447).
 */
public final class TransactionalPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionalPublisher.class);

  private final KafkaClients kafka;
  private final Map<String, Object> overrides;
  private final List<Slot> slots;
  private final BlockingQueue<Slot> idle;
  private final Consumer<Collection<String>> committed;

  /** Each consumer thread's open batch; a batch whose thread has ended is an orphan. */
  private final Map<Thread, Batch> open = new ConcurrentHashMap<>();

  private final ThreadLocal<Rewind> rewinds = new ThreadLocal<>();

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

  /** The open transaction of one consumer thread's poll. */
  private static final class Batch {
    final Slot slot;
    final ConsumerGroupMetadata group;
    final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    final Map<TopicPartition, Long> first = new HashMap<>();
    final Set<String> decided = new LinkedHashSet<>();

    Batch(Slot slot, ConsumerGroupMetadata group) {
      this.slot = slot;
      this.group = group;
    }

    /** True when {@code from} is at or before a record this batch already holds: a re-read. */
    boolean isReread(ConsumedRecord from) {
      OffsetAndMetadata held = next.get(from.partition());
      return !group.equals(from.group()) || (held != null && from.offset() < held.offset());
    }
  }

  /** Partitions whose records since {@code from} lost their output in an aborted batch. */
  private record Rewind(ConsumerGroupMetadata group, Map<TopicPartition, Long> from) {}

  /**
   * @param transactionalIdPrefix unique per running instance and stable across its restarts; the
   *     producers are {@code <prefix>-0} to {@code <prefix>-<producers - 1>}, so a restarted
   *     instance aborts whatever its killed predecessor left open instead of leaving it to the
   *     transaction timeout
   * @param producers how many transactions may be open at once: the number of consumer threads
   * @param committed told the event ids decided in each transaction once it has committed (the
   *     idempotency log records them then, never before)
   */
  public TransactionalPublisher(
      KafkaClients kafka,
      String transactionalIdPrefix,
      int producers,
      Map<String, Object> overrides,
      Consumer<Collection<String>> committed) {
    if (producers < 1) {
      throw new IllegalArgumentException("at least one producer, not " + producers);
    }
    this.kafka = kafka;
    this.overrides = Map.copyOf(overrides);
    this.committed = committed;
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

  /** A publisher whose committed event ids are recorded nowhere (tests, the bare loop). */
  public TransactionalPublisher(
      KafkaClients kafka,
      String transactionalIdPrefix,
      int producers,
      Map<String, Object> overrides) {
    this(kafka, transactionalIdPrefix, producers, overrides, ids -> {});
  }

  private KafkaProducer<String, Object> newProducer(String transactionalId) {
    Map<String, Object> p = kafka.transactionalProducer(transactionalId, transactionalId);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.putAll(overrides);
    var producer = new KafkaProducer<>(p, new StringSerializer(), new RouterValueSerializer());
    producer.initTransactions();
    return producer;
  }

  /**
   * Publishes {@code events}, decided from event {@code eventId}, in this thread's batch; commits
   * the batch with every offset when {@code from} ends its poll.
   */
  public void publish(ConsumedRecord from, String eventId, List<SpecificRecord> events) {
    inBatch(
        from,
        eventId,
        producer -> {
          for (SpecificRecord event : events) {
            producer.send(new ProducerRecord<>(topicFor(event).name(), from.key(), event));
          }
        });
  }

  /** Puts the original bytes on the dead-letter topic with the reason, in this thread's batch. */
  public void deadLetter(
      ConsumedRecord from, byte[] original, Map<String, byte[]> originalHeaders, String reason) {
    inBatch(
        from,
        null,
        producer -> {
          var dead = DeadLetter.by(Service.ROUTER).key(from.key()).value(original);
          originalHeaders.forEach(dead::header);
          var record = dead.source(from.source()).reason(reason).build();
          producer.send(
              new ProducerRecord<>(
                  record.topic(), null, record.key(), record.value(), record.headers()));
        });
  }

  /**
   * Moves past {@code from} with nothing to publish (a duplicate, or an event that changes nothing
   * for anyone): its offset rides in this thread's batch.
   */
  public void skip(ConsumedRecord from) {
    inBatch(from, null, producer -> {});
  }

  /** True when this thread's open batch has decided {@code eventId} but not yet committed it. */
  public boolean pending(String eventId) {
    Batch batch = open.get(Thread.currentThread());
    return batch != null && batch.decided.contains(eventId);
  }

  /**
   * The route gave up on a record, which the consumer will read again from the committed offsets:
   * the open batch (if any) is aborted and its partitions wait for that re-read.
   */
  public void abandon() {
    Batch batch = open.get(Thread.currentThread());
    if (batch != null) {
      abort(batch, null);
    }
  }

  private void inBatch(
      ConsumedRecord from, String eventId, Consumer<KafkaProducer<String, Object>> sends) {
    Batch stale = open.get(Thread.currentThread());
    if (stale != null && stale.isReread(from)) {
      // The consumer went back (a new generation, or a seek) without the batch ending: its output
      // would cover records being read again.
      LOG.warn("abandoning an open batch: {} is read again", from.source());
      abort(stale, null);
    }
    refuseUntilReread(from);
    Batch batch = open.get(Thread.currentThread());
    if (batch == null) {
      batch = begin(from.group());
    }
    try {
      sends.accept(batch.slot.producer());
    } catch (RuntimeException e) {
      abort(batch, e);
      throw e;
    }
    batch.first.putIfAbsent(from.partition(), from.offset());
    batch.next.put(from.partition(), new OffsetAndMetadata(from.offset() + 1));
    if (eventId != null) {
      batch.decided.add(eventId);
    }
    if (from.endsPoll()) {
      commit(batch);
    }
  }

  private Batch begin(ConsumerGroupMetadata group) {
    Slot slot = borrow();
    try {
      slot.producer().beginTransaction();
    } catch (RuntimeException e) {
      release(slot, e);
      throw e;
    }
    Batch batch = new Batch(slot, group);
    open.put(Thread.currentThread(), batch);
    return batch;
  }

  private void commit(Batch batch) {
    try {
      KafkaProducer<String, Object> producer = batch.slot.producer();
      producer.sendOffsetsToTransaction(batch.next, batch.group);
      producer.commitTransaction();
    } catch (RuntimeException e) {
      abort(batch, e);
      throw e;
    }
    open.remove(Thread.currentThread(), batch);
    idle.add(batch.slot);
    try {
      committed.accept(batch.decided);
    } catch (RuntimeException e) {
      // The output is out; only an upstream duplicate could now be decided again (same ids).
      LOG.warn("decided event ids not recorded after commit", e);
    }
  }

  /**
   * Aborts {@code batch} and returns its producer; its partitions refuse later records until the
   * consumer re-reads them.
   */
  private void abort(Batch batch, RuntimeException cause) {
    open.remove(Thread.currentThread(), batch);
    if (!batch.first.isEmpty()) {
      Map<TopicPartition, Long> from = new HashMap<>(batch.first);
      Rewind earlier = rewinds.get();
      if (earlier != null && earlier.group().equals(batch.group)) {
        earlier.from().forEach((partition, offset) -> from.merge(partition, offset, Math::min));
      }
      rewinds.set(new Rewind(batch.group, from));
    }
    if (cause instanceof ProducerFencedException) {
      // Another process took this transactional id: this producer is finished, the next is new.
      LOG.warn("producer {} fenced; starting a new one", batch.slot.transactionalId);
      batch.slot.discard();
    } else {
      try {
        batch.slot.producer().abortTransaction();
      } catch (RuntimeException abortFailed) {
        LOG.warn("abort failed; recreating producer {}", batch.slot.transactionalId, abortFailed);
        batch.slot.discard();
      }
    }
    // Returned after commit or abort, never with a transaction open.
    idle.add(batch.slot);
  }

  private void release(Slot slot, RuntimeException cause) {
    if (cause instanceof ProducerFencedException) {
      slot.discard();
    }
    idle.add(slot);
  }

  /**
   * Refuses {@code from} while an aborted batch's records before it on its partition have not been
   * read again; a record at or before the first of them, or a new consumer generation, is that
   * re-read.
   */
  private void refuseUntilReread(ConsumedRecord from) {
    Rewind rewind = rewinds.get();
    if (rewind == null) {
      return;
    }
    if (!rewind.group().equals(from.group())) {
      rewinds.remove();
      return;
    }
    Long firstLost = rewind.from().get(from.partition());
    if (firstLost == null) {
      return;
    }
    if (from.offset() <= firstLost) {
      Map<TopicPartition, Long> left = new HashMap<>(rewind.from());
      left.remove(from.partition());
      if (left.isEmpty()) {
        rewinds.remove();
      } else {
        rewinds.set(new Rewind(rewind.group(), left));
      }
      return;
    }
    throw new KafkaException(
        "an aborted transaction lost the output of "
            + DeadLetter.source(from.partition().topic(), from.partition().partition(), firstLost)
            + " onwards; "
            + from.source()
            + " waits until the consumer reads that again");
  }

  /**
   * Waits for a producer with no open transaction; never longer than a consumer thread holds one,
   * or than an ended consumer thread's batch takes to be found.
   */
  private Slot borrow() {
    try {
      while (true) {
        Slot slot = idle.poll(1, TimeUnit.SECONDS);
        if (slot != null) {
          return slot;
        }
        reclaimOrphans();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // A KafkaException, so the error policy re-reads the record rather than dead-lettering it.
      throw new InterruptException(e);
    }
  }

  /**
   * A consumer stopped mid-poll (a route stopping between two records) leaves its batch open: once
   * its thread has ended, the batch is aborted and its producer returned. Its records were never
   * committed, so whoever reads the partitions next reads them again.
   */
  private void reclaimOrphans() {
    open.forEach(
        (thread, batch) -> {
          if (!thread.isAlive() && open.remove(thread, batch)) {
            LOG.info("aborting the open batch of ended consumer thread {}", thread.getName());
            try {
              batch.slot.producer().abortTransaction();
            } catch (RuntimeException e) {
              batch.slot.discard();
            }
            idle.add(batch.slot);
          }
        });
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

  /**
   * Called once the routes have stopped; a batch a stopping consumer left open dies with its
   * producer, and its records are read again.
   */
  @Override
  public void close() {
    slots.forEach(Slot::discard);
  }
}
