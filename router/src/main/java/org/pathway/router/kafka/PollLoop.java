package org.pathway.router.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.pathway.events.serde.EventHeaders;
import org.pathway.router.idempotency.PollTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread on referral events: poll, hand every record of the poll to the handler, then
 * commit the whole poll at once — its outputs, its dead letters and the offsets of every partition
 * in it in one Kafka transaction, or, when the poll published nothing (the echo of the router's own
 * decisions), the offsets alone with a plain consumer commit. What the poll's records remembered is
 * one database transaction ({@link PollTransactions}), committed just before that. Handled event
 * ids are recorded after the commit.
 *
 * <p>Any failure (Kafka, the database, a commit refused because the group moved on, a fenced
 * producer) aborts the batch: every partition of the poll is sought back to its first record and
 * the loop waits (doubling up to a limit) before polling again, so the batch is read again from its
 * start, never skipped, and records of one partition are decided in order. The loop never leaves
 * and rejoins the group on a failure: the next {@code poll} rejoins if the group moved on, which
 * keeps one instance's trouble from rebalancing every other member in turn. A rebalance happens
 * only inside {@code poll}, between batches, so a batch never commits offsets of partitions it lost
 * (and if the group moved on meanwhile the broker refuses the commit by generation).
 */
public final class PollLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

  /** Decides one record into the batch; throws when the batch must be read again. */
  @FunctionalInterface
  public interface RecordHandler {
    void handle(ConsumerRecord<String, byte[]> record, PollBatch batch);
  }

  /** Publishes a batch and commits its offsets in one transaction. */
  @FunctionalInterface
  public interface BatchPublisher {
    void commit(PollBatch batch, ConsumerGroupMetadata group);
  }

  /** How long to wait after a failed batch: from {@code initial}, doubling, up to {@code max}. */
  public record Backoff(Duration initial, Duration max) {}

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final String topic;
  private final RecordHandler handler;
  private final BatchPublisher publisher;
  private final Consumer<Set<String>> remember;
  private final PollTransactions memory;
  private final Backoff backoff;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch wake = new CountDownLatch(1);
  private volatile boolean running = true;

  /**
   * @param consumer owned by this loop from now on, used only on its thread (and {@code wakeup})
   * @param remember records handled event ids once their batch is committed
   * @param memory the database transaction each poll's records remember in
   */
  public PollLoop(
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      String topic,
      RecordHandler handler,
      BatchPublisher publisher,
      Consumer<Set<String>> remember,
      PollTransactions memory,
      Backoff backoff) {
    this.consumer = consumer;
    this.topic = topic;
    this.handler = handler;
    this.publisher = publisher;
    this.remember = remember;
    this.memory = memory;
    this.backoff = backoff;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(topic), new LoggingListener());
      long delay = backoff.initial().toMillis();
      while (running) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          // The consumer goes on after a failed poll (a broker away, a rejoin refused).
          LOG.warn("poll on {} failed: {}", topic, e.toString());
          pause(delay);
          delay = Math.min(delay * 2, backoff.max().toMillis());
          continue;
        }
        if (records.isEmpty()) {
          continue;
        }
        PollBatch batch = batchOf(records);
        try {
          decideAndCommit(records, batch);
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          rewind(batch, e);
          pause(delay);
          delay = Math.min(delay * 2, backoff.max().toMillis());
          continue;
        }
        delay = backoff.initial().toMillis();
        rememberQuietly(batch);
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("woken up while running: the consumer thread stops", e);
      }
    } catch (RuntimeException e) {
      LOG.error("consumer thread on {} failed and stops", topic, e);
    } finally {
      try {
        // Leaves the group at once, so the partitions move without waiting for the session.
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.debug("closing the consumer", e);
      }
      stopped.countDown();
    }
  }

  /**
   * Decides every record of the poll inside one memory transaction, commits that, then the batch.
   * The memory goes first: a decision is never published before what explains it is durable, and a
   * batch that then fails is read again over memory that already holds the same upserts.
   */
  private void decideAndCommit(ConsumerRecords<String, byte[]> records, PollBatch batch) {
    memory.begin();
    try {
      for (ConsumerRecord<String, byte[]> record : records) {
        handler.handle(record, batch);
      }
      memory.commit();
    } finally {
      memory.end();
    }
    commit(batch);
  }

  /**
   * A batch that publishes nothing (every record a duplicate or an event the router does not act
   * on) commits its offsets with the consumer, one round trip and no transaction markers: no output
   * means no atomicity to keep, and the commit is fenced by the group generation all the same.
   * Anything else goes in one transaction with its offsets.
   */
  private void commit(PollBatch batch) {
    if (batch.publishesNothing()) {
      consumer.commitSync(batch.offsets());
    } else {
      publisher.commit(batch, consumer.groupMetadata());
    }
  }

  private PollBatch batchOf(ConsumerRecords<String, byte[]> records) {
    PollBatch batch = new PollBatch();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> polled = records.records(partition);
      long first = polled.get(0).offset();
      long next;
      try {
        next = consumer.position(partition);
      } catch (RuntimeException e) {
        // Known locally after a poll; should it fail, the record after the last is as safe.
        next = polled.get(polled.size() - 1).offset() + 1;
      }
      batch.partition(partition, first, next);
      for (ConsumerRecord<String, byte[]> record : polled) {
        String eventId = EventHeaders.get(record.headers(), EventHeaders.EVENT_ID);
        if (eventId != null) {
          batch.announced(eventId);
        }
      }
    }
    return batch;
  }

  /**
   * Every partition of the batch goes back to its first record, so the next poll reads the batch
   * again. A partition already gone in a rebalance is left alone: its new owner reads it from the
   * last committed offset.
   */
  private void rewind(PollBatch batch, RuntimeException cause) {
    Set<TopicPartition> assigned = consumer.assignment();
    batch
        .firstOffsets()
        .forEach(
            (partition, first) -> {
              if (assigned.contains(partition)) {
                consumer.seek(partition, first);
              }
            });
    LOG.warn(
        "batch {} not committed; reading it again: {}", batch.firstOffsets(), cause.toString());
  }

  /**
   * After the commit: a failure here costs no event (the offsets are committed); a record read
   * again after a later crash would be decided again, the same window as a crash at this instant.
   */
  private void rememberQuietly(PollBatch batch) {
    if (batch.toRemember().isEmpty()) {
      return;
    }
    try {
      remember.accept(batch.toRemember());
    } catch (RuntimeException e) {
      LOG.warn("{} handled event ids not recorded", batch.toRemember().size(), e);
    }
  }

  private void pause(long millis) {
    try {
      wake.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops polling; a batch being decided is abandoned uncommitted and read again by the next. */
  public void stop() {
    running = false;
    wake.countDown();
    consumer.wakeup();
  }

  /**
   * Whether the loop ended without being asked to (an error it could not retry): its partitions
   * have gone to the group's other members, or to no one, and only a restart brings it back.
   */
  public boolean hasDied() {
    return running && stopped.getCount() == 0;
  }

  /** Waits for the loop to close its consumer. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private final class LoggingListener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Called inside poll, between batches: nothing of a revoked partition is uncommitted here.
      LOG.info("partitions revoked: {}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("partitions assigned: {}", partitions);
    }
  }
}
