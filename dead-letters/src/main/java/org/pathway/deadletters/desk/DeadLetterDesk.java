package org.pathway.deadletters.desk;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.pathway.deadletters.inbox.DeadLetterEntry;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.deadletter.DeadLetter;

/**
 * The decisions about dead letters, plain Java: which are still offered to an operator, whether a
 * replay or a discard may go ahead, and exactly what a replay sends. Nothing here reads Kafka or a
 * database.
 */
public final class DeadLetterDesk {

  /** Longest discard reason kept. */
  public static final int MAX_REASON = 2000;

  private static final Pattern SOURCE = Pattern.compile("^(.+)-(\\d+)@(\\d+)$");

  private DeadLetterDesk() {}

  /** The dead letters not yet handled, in the order given. */
  public static List<DeadLetterEntry> offered(
      Collection<DeadLetterEntry> all, Set<String> handledIds) {
    return all.stream().filter(e -> !handledIds.contains(e.id())).toList();
  }

  /**
   * The topic a dead letter was read from, when its source names a catalogue topic other than a
   * dead-letter topic.
   */
  public static Optional<String> origin(String source) {
    if (source == null) {
      return Optional.empty();
    }
    Matcher m = SOURCE.matcher(source);
    if (!m.matches()) {
      return Optional.empty();
    }
    String topic = m.group(1);
    boolean deadLetterTopic =
        Topics.all().stream().anyMatch(t -> t.name().equals(topic) && t.name().endsWith(".dlq"));
    return Topics.named(topic).isPresent() && !deadLetterTopic
        ? Optional.of(topic)
        : Optional.empty();
  }

  /**
   * Replay {@code entry} to the topic it came from, with its key and original headers (the
   * dead-letter ones left off), plus the {@code pathway.replay.*} headers naming the operator, the
   * dead letter and this replay.
   */
  public static Decision replay(
      Optional<DeadLetterEntry> entry,
      Optional<Handling> handled,
      String operator,
      String reason,
      Instant now,
      String replayId) {
    if (entry.isEmpty()) {
      return new Decision.Refused(404, "no such dead letter");
    }
    if (handled.isPresent()) {
      return alreadyHandled(handled.get());
    }
    DeadLetterEntry e = entry.get();
    Optional<String> origin = origin(e.source());
    if (origin.isEmpty()) {
      return new Decision.Refused(
          422, "its source '" + e.source() + "' names no topic it can be replayed to");
    }
    if (e.value() == null) {
      return new Decision.Refused(422, "it has no value to replay");
    }
    RecordHeaders headers = new RecordHeaders();
    for (DeadLetterEntry.Header h : e.headers()) {
      if (!h.name().startsWith("pathway.dlq.") && !h.name().startsWith("pathway.replay.")) {
        headers.add(h.name(), h.value());
      }
    }
    EventHeaders.put(headers, EventHeaders.REPLAY_ID, replayId);
    EventHeaders.put(
        headers, EventHeaders.REPLAY_OF, DeadLetter.source(e.topic(), e.partition(), e.offset()));
    EventHeaders.put(headers, EventHeaders.REPLAY_BY, operator);
    EventHeaders.put(headers, EventHeaders.REPLAY_AT, now.toString());
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(origin.get(), null, e.key(), e.value(), headers);
    return new Decision.Replay(
        record,
        new Handling(
            e.id(),
            Handling.Action.REPLAYED,
            operator,
            now,
            clip(blankToNull(reason)),
            replayId,
            origin.get()));
  }

  /** Discard {@code entry} for {@code reason}, which is required. */
  public static Decision discard(
      Optional<DeadLetterEntry> entry,
      Optional<Handling> handled,
      String operator,
      String reason,
      Instant now) {
    if (entry.isEmpty()) {
      return new Decision.Refused(404, "no such dead letter");
    }
    if (handled.isPresent()) {
      return alreadyHandled(handled.get());
    }
    if (blankToNull(reason) == null) {
      return new Decision.Refused(400, "a discard needs a reason (body: {\"reason\": \"...\"})");
    }
    return new Decision.Discard(
        new Handling(
            entry.get().id(),
            Handling.Action.DISCARDED,
            operator,
            now,
            clip(reason.strip()),
            null,
            null));
  }

  private static Decision alreadyHandled(Handling h) {
    return new Decision.Refused(
        409,
        "already "
            + h.action().name().toLowerCase(java.util.Locale.ROOT)
            + " by "
            + h.operator()
            + " at "
            + h.at());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String clip(String s) {
    return s == null || s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON);
  }
}
