package org.pathway.kafkaedge.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.topics.Service;
import org.pathway.kafkaedge.deadletter.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable consumer loop, on a thread of its own: poll, hand each record to a {@link
 * RecordHandler}, and commit once every record of the poll is durable (handled, or acknowledged on
 * the dead-letter topic). A poison record is dead-lettered with its original key, bytes and headers
 * and a reason, and the partition keeps flowing. Any other failure is transient: what is done is
 * committed, the partitions are rewound to their first record not done, and the same records are
 * tried again after a backoff, so nothing is lost and nothing is committed before it is durable.
 *
 * <p>A {@linkplain RecordHandler#batched batched} handler makes a whole poll durable at once
 * ({@code commitBatch}, e.g. one database transaction), which is committed before the positions; if
 * anything of the poll fails, the whole poll is read again. A poison record's dead letter is sent
 * when it is met, so a poll read again after a failed batch commit may dead-letter it twice.
 *
 * <p>What is committed is the consumer's position, not "last record + 1": a transactional writer
 * ends each transaction with a commit marker that takes an offset after its last record, and only
 * the position moves past it, so an idle consumer of a transactional topic shows no lag.
 */
public final class DurableConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DurableConsumer.class);

  /**
   * @param name the loop's thread name, and how logs name it
   * @param topics what to subscribe to
   * @param deadLetterBy whose dead-letter topic poison goes to
   * @param pollTimeout how long one poll waits for records
   * @param initialBackoff the first pause after a transient failure; doubled each time after
   * @param maxBackoff the longest pause
   */
  public record Settings(
      String name,
      List<String> topics,
      Service deadLetterBy,
      Duration pollTimeout,
      Duration initialBackoff,
      Duration maxBackoff) {

    public Settings {
      Objects.requireNonNull(name, "name");
      topics = List.copyOf(topics);
      Objects.requireNonNull(deadLetterBy, "deadLetterBy");
      Objects.requireNonNull(pollTimeout, "pollTimeout");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
    }
  }

  private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, Object> config;
  private final Producer<String, byte[]> deadLetters;
  private final Settings settings;
  private final RecordHandler handler;
  private final Clock clock;
  private final CountDownLatch stopping = new CountDownLatch(1);
  // What this consumer last committed per partition, so a poll that moved nothing commits nothing.
  // Used only on the loop's thread.
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private volatile boolean running;
  private volatile long lastPollMillis;
  private volatile String lastError;
  private Consumer<String, byte[]> consumer;
  private Thread thread;

  /**
   * @param consumerConfig from {@code KafkaClients.consumer}: auto-commit must be off
   * @param deadLetters acknowledged sends (acks=all); the caller owns and closes it
   */
  public DurableConsumer(
      Map<String, Object> consumerConfig,
      Producer<String, byte[]> deadLetters,
      Settings settings,
      RecordHandler handler,
      Clock clock) {
    if (!"false".equals(String.valueOf(consumerConfig.get("enable.auto.commit")))) {
      throw new IllegalArgumentException("a durable consumer commits itself: auto-commit off");
    }
    this.config = Map.copyOf(consumerConfig);
    this.deadLetters = deadLetters;
    this.settings = settings;
    this.handler = handler;
    this.clock = clock;
  }

  /** Subscribes and starts the loop; a second call does nothing. */
  public synchronized void start() {
    if (running || stopping.getCount() == 0) {
      return;
    }
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(settings.topics());
    running = true;
    lastPollMillis = clock.millis();
    thread = new Thread(this::run, settings.name());
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long initial = settings.initialBackoff().toMillis();
    long backoff = initial;
    try {
      while (running) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(settings.pollTimeout());
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          // Nothing of this poll was handled: read again from what is committed.
          failed("poll failed", e, backoff);
          rewindToCommitted();
          backoff = pause(backoff);
          continue;
        }
        lastPollMillis = clock.millis();
        if (records.isEmpty()) {
          // Nothing new to make durable, but the poll may have skipped a commit marker.
          commitPositionsIfMoved();
          continue;
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
          handler.beginBatch(records);
          for (ConsumerRecord<String, byte[]> record : records) {
            process(record);
            done.put(
                new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1));
          }
          handler.commitBatch();
          // Every record of the poll is durable: the positions are safe to commit.
          commitPositions();
          lastError = null;
          backoff = initial;
          handler.afterCommit();
        } catch (WakeupException e) {
          abortBatch();
          throw e;
        } catch (RuntimeException e) {
          abortBatch();
          if (!running) {
            return;
          }
          failed("could not make polled records durable", e, backoff);
          if (handler.batched()) {
            // Nothing of a batched poll is durable before its commit: the whole poll comes again.
            done.clear();
          }
          keep(done);
          rewind(records, done);
          backoff = pause(backoff);
        }
      }
    } catch (WakeupException e) {
      // close() asked the loop to stop.
    } finally {
      running = false;
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void process(ConsumerRecord<String, byte[]> record) {
    String reason;
    try {
      handler.handle(record);
      return;
    } catch (PoisonRecordException e) {
      reason = e.getMessage();
    } catch (EventDecodingException e) {
      reason = DeadLetter.reason(e);
    }
    try {
      deadLetters
          .send(DeadLetter.of(settings.deadLetterBy(), record, reason))
          .get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted dead-lettering", e);
    } catch (ExecutionException | TimeoutException e) {
      // Not acknowledged: the record is not done, so it is read again.
      throw new IllegalStateException("the dead-letter topic did not acknowledge", e);
    }
    LOG.warn(
        "{}: dead-lettered {}: {}",
        settings.name(),
        DeadLetter.source(record.topic(), record.partition(), record.offset()),
        reason);
    handler.deadLettered(record, reason);
  }

  private void abortBatch() {
    try {
      handler.abortBatch();
    } catch (RuntimeException e) {
      LOG.debug("{}: could not abort the batch cleanly", settings.name(), e);
    }
  }

  private void failed(String what, RuntimeException e, long backoff) {
    lastError = e.toString();
    LOG.warn("{}: {}; rewinding and retrying in {} ms", settings.name(), what, backoff, e);
  }

  // Records before the failure are durable: committing them spares their handling next time.
  private void keep(Map<TopicPartition, OffsetAndMetadata> done) {
    if (done.isEmpty()) {
      return;
    }
    try {
      Map<TopicPartition, OffsetAndMetadata> ours = new HashMap<>(done);
      ours.keySet().retainAll(consumer.assignment());
      if (!ours.isEmpty()) {
        consumer.commitSync(ours);
        ours.forEach((tp, offset) -> committed.put(tp, offset.offset()));
      }
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.debug("{}: could not commit the records done before a failure", settings.name(), e);
    }
  }

  // After a failed commit the group may have rebalanced: only partitions still ours are rewound;
  // the others resume from their committed offsets on whichever consumer now owns them.
  private void rewind(
      ConsumerRecords<String, byte[]> records, Map<TopicPartition, OffsetAndMetadata> done) {
    var assigned = consumer.assignment();
    for (TopicPartition tp : records.partitions()) {
      if (assigned.contains(tp)) {
        OffsetAndMetadata next = done.get(tp);
        consumer.seek(tp, next != null ? next.offset() : records.records(tp).get(0).offset());
      }
    }
  }

  private void rewindToCommitted() {
    try {
      var assigned = consumer.assignment();
      if (assigned.isEmpty()) {
        return;
      }
      var offsets = consumer.committed(assigned);
      for (TopicPartition tp : assigned) {
        OffsetAndMetadata offset = offsets.get(tp);
        if (offset != null) {
          consumer.seek(tp, offset);
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.debug("{}: could not rewind to committed offsets", settings.name(), e);
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
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
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
  // health is left to the polls that carry records.
  private void commitPositionsIfMoved() {
    try {
      commitPositions();
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.debug("{}: could not commit positions after an empty poll", settings.name(), e);
    }
  }

  /** Waits {@code millis} unless closed meanwhile; returns the next backoff. */
  private long pause(long millis) {
    try {
      stopping.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Math.min(millis * 2, settings.maxBackoff().toMillis());
  }

  /** True while the loop runs, its last poll's work succeeded, and it polled within maxSilence. */
  public boolean healthy(Duration maxSilence) {
    Thread t = thread;
    return running
        && t != null
        && t.isAlive()
        && lastError == null
        && clock.millis() - lastPollMillis < maxSilence.toMillis();
  }

  /** The last failure not yet followed by a successful poll, or null. */
  public String lastError() {
    return lastError;
  }

  /**
   * Stops the loop: the current record finishes, nothing more is committed, the consumer leaves.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      stopping.countDown();
      running = false;
      t = thread;
      if (consumer != null) {
        consumer.wakeup();
      }
    }
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
