package org.pathway.router.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one poll of one consumer thread comes to: the events to publish, the dead letters, the
 * offsets to commit and the event ids to remember once committed. It is filled record by record and
 * committed as a whole, in one Kafka transaction, or not at all.
 */
public final class PollBatch {

  /** One event to publish, keyed by the referral of the record that caused it. */
  public record Output(String key, SpecificRecord event) {}

  /** A record that can never be decided: its original bytes and headers, and why. */
  public record DeadLetter(
      ConsumedRecord from, byte[] value, Map<String, byte[]> headers, String reason) {}

  private final Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
  private final Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
  private final List<Output> outputs = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final Set<String> decided = new HashSet<>();
  private final Set<String> toRemember = new LinkedHashSet<>();
  // The event ids the poll's records announce in their headers, and which of them were handled
  // before: looked up once, on the first record that asks.
  private final Set<String> announced = new HashSet<>();
  private Set<String> handledBefore;

  /**
   * Declares a partition of the poll: where its records begin (where a failed batch rewinds to) and
   * the consumer's position after them (what a committed batch commits: the position passes a
   * transaction marker, "last record + 1" does not).
   */
  public void partition(TopicPartition partition, long firstOffset, long nextOffset) {
    firstOffsets.put(partition, firstOffset);
    nextOffsets.put(partition, nextOffset);
  }

  /** Notes an event id a record of the poll announces in its headers. */
  public void announced(String eventId) {
    announced.add(eventId);
  }

  /**
   * Whether the event {@code eventId}, announced by a record of this poll, was handled before (by
   * any instance): {@code lookup} is asked once per poll, for every announced id at once, instead
   * of once per record. Empty for an id no record announced, which is then looked up on its own.
   */
  public Optional<Boolean> handledBefore(
      String eventId, Function<Set<String>, Set<String>> lookup) {
    if (!announced.contains(eventId)) {
      return Optional.empty();
    }
    if (handledBefore == null) {
      handledBefore = Set.copyOf(lookup.apply(Set.copyOf(announced)));
    }
    return Optional.of(handledBefore.contains(eventId));
  }

  /** Whether an event of this batch with this id was already decided (an upstream duplicate). */
  public boolean decidedAlready(String eventId) {
    return decided.contains(eventId);
  }

  /**
   * Adds a decided event's outputs. Only an event that produced something is remembered as handled:
   * one that produced nothing, decided again after a crash, produces nothing again, and remembering
   * it would cost a database write for nothing (the echo of the router's own decisions).
   */
  public void decided(String eventId, String key, List<SpecificRecord> events) {
    decided.add(eventId);
    for (SpecificRecord event : events) {
      outputs.add(new Output(key, event));
    }
    if (!events.isEmpty()) {
      toRemember.add(eventId);
    }
  }

  /** Adds a dead letter; its offset commits with the batch, so the partition flows on. */
  public void deadLetter(
      ConsumedRecord from, byte[] value, Map<String, byte[]> headers, String reason) {
    deadLetters.add(new DeadLetter(from, value, Map.copyOf(headers), reason));
  }

  /** True when nothing is to be published: only offsets to commit. */
  public boolean publishesNothing() {
    return outputs.isEmpty() && deadLetters.isEmpty();
  }

  public List<Output> outputs() {
    return Collections.unmodifiableList(outputs);
  }

  public List<DeadLetter> deadLetters() {
    return Collections.unmodifiableList(deadLetters);
  }

  /** The offsets to commit: the consumer's position on each partition of the poll. */
  public Map<TopicPartition, OffsetAndMetadata> offsets() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    nextOffsets.forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
    return offsets;
  }

  /** Where each partition of the poll begins: a failed batch is read again from here. */
  public Map<TopicPartition, Long> firstOffsets() {
    return Collections.unmodifiableMap(firstOffsets);
  }

  /** Event ids to record as handled once the batch is committed. */
  public Set<String> toRemember() {
    return Collections.unmodifiableSet(toRemember);
  }
}
