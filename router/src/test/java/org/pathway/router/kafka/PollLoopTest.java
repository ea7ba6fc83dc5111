package org.pathway.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.pathway.router.Fixtures;
import org.pathway.router.idempotency.PollTransactions;

/**
 * The poll loop's commit policy on a mock consumer: a poll that publishes nothing commits its
 * offsets without a transaction; a poll that publishes commits everything in one transaction; a
 * failure mid-poll commits nothing and the poll is read again from its first record.
 */
class PollLoopTest {

  private static final String TOPIC = "pathway.referral.events";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  /** The handlers here remember nothing, so a poll's transaction never takes a connection. */
  private static final PollTransactions NO_MEMORY = new PollTransactions(null);

  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final List<PollBatch> transactions = new ArrayList<>();
  private final List<Set<String>> remembered = new ArrayList<>();
  private final List<String> handled = new ArrayList<>();

  @Test
  void aPollThatPublishesNothingCommitsItsOffsetsWithoutATransaction() {
    PollLoop loop = loop((record, batch) -> decide(record, batch, List.of()));
    consumer.schedulePollTask(() -> assign(record(P0, 0, "echo-a"), record(P1, 0, "echo-b")));
    Map<TopicPartition, OffsetAndMetadata> committed = new java.util.HashMap<>();
    consumer.schedulePollTask(
        () -> {
          committed.putAll(consumer.committed(Set.of(P0, P1)));
          loop.stop();
        });

    loop.run();

    assertThat(handled).containsExactly("echo-a", "echo-b");
    assertThat(transactions).as("transactions").isEmpty();
    assertThat(remembered).as("nothing to remember").isEmpty();
    assertThat(committed)
        .containsEntry(P0, new OffsetAndMetadata(1))
        .containsEntry(P1, new OffsetAndMetadata(1));
  }

  @Test
  void aPollThatPublishesCommitsAllItsOutputsAndOffsetsInOneTransaction() {
    PollLoop loop =
        loop(
            (record, batch) ->
                decide(record, batch, List.of(Fixtures.referral(record.key()).build())));
    consumer.schedulePollTask(
        () -> assign(record(P0, 0, "a"), record(P0, 1, "b"), record(P1, 0, "c")));
    consumer.schedulePollTask(loop::stop);

    loop.run();

    assertThat(transactions).hasSize(1);
    PollBatch batch = transactions.get(0);
    assertThat(batch.outputs()).extracting(PollBatch.Output::key).containsExactly("a", "b", "c");
    assertThat(batch.offsets())
        .containsEntry(P0, new OffsetAndMetadata(2))
        .containsEntry(P1, new OffsetAndMetadata(1));
    assertThat(remembered).containsExactly(Set.of("a", "b", "c"));
  }

  @Test
  void aFailureMidPollCommitsNothingAndReadsThePollAgainFromItsFirstRecord() {
    boolean[] failed = {false};
    PollLoop loop =
        loop(
            (record, batch) -> {
              if (record.key().equals("b") && !failed[0]) {
                failed[0] = true;
                handled.add("b failed");
                throw new IllegalStateException("database briefly away");
              }
              decide(record, batch, List.of(Fixtures.referral(record.key()).build()));
            });
    consumer.schedulePollTask(() -> assign(record(P0, 0, "a"), record(P0, 1, "b")));
    // The broker hands back whatever the consumer's position asks for; had the loop not sought
    // back, its position would be past these and they would not be returned.
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(record(P0, 0, "a"));
          consumer.addRecord(record(P0, 1, "b"));
        });
    consumer.schedulePollTask(loop::stop);

    loop.run();

    assertThat(handled).containsExactly("a", "b failed", "a", "b");
    assertThat(transactions).as("only the second reading commits").hasSize(1);
    assertThat(transactions.get(0).outputs())
        .extracting(PollBatch.Output::key)
        .containsExactly("a", "b");
    assertThat(remembered).containsExactly(Set.of("a", "b"));
  }

  @Test
  void aLoopEndedByAnErrorItCannotRetryHasDiedAndOneAskedToStopHasNot() {
    PollLoop stopped = loop((record, batch) -> decide(record, batch, List.of()));
    consumer.schedulePollTask(stopped::stop);
    stopped.run();
    assertThat(stopped.hasDied()).as("asked to stop").isFalse();

    MockConsumer<String, byte[]> other = new MockConsumer<>("earliest");
    PollLoop broken =
        new PollLoop(
            other,
            TOPIC,
            (record, batch) -> {
              throw new NoClassDefFoundError("a class missing from the image");
            },
            (batch, group) -> transactions.add(batch),
            remembered::add,
            NO_MEMORY,
            new PollLoop.Backoff(Duration.ofMillis(1), Duration.ofMillis(2)));
    assertThat(broken.hasDied()).as("not started").isFalse();
    other.schedulePollTask(
        () -> {
          other.rebalance(List.of(P0));
          other.updateBeginningOffsets(Map.of(P0, 0L));
          other.addRecord(record(P0, 0, "a"));
        });
    assertThatThrownBy(broken::run).isInstanceOf(NoClassDefFoundError.class);
    assertThat(broken.hasDied()).as("ended by an error").isTrue();
  }

  private PollLoop loop(PollLoop.RecordHandler handler) {
    return new PollLoop(
        consumer,
        TOPIC,
        handler,
        (batch, group) -> transactions.add(batch),
        remembered::add,
        NO_MEMORY,
        new PollLoop.Backoff(Duration.ofMillis(1), Duration.ofMillis(2)));
  }

  private void decide(
      ConsumerRecord<String, byte[]> record, PollBatch batch, List<SpecificRecord> events) {
    handled.add(record.key());
    batch.decided(record.key(), record.key(), events);
  }

  private void assign(ConsumerRecord<String, byte[]>... records) {
    consumer.rebalance(List.of(P0, P1));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    for (ConsumerRecord<String, byte[]> record : records) {
      consumer.addRecord(record);
    }
  }

  private static ConsumerRecord<String, byte[]> record(TopicPartition tp, long offset, String key) {
    return new ConsumerRecord<>(
        tp.topic(), tp.partition(), offset, key, key.getBytes(StandardCharsets.UTF_8));
  }
}
