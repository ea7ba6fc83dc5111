package org.pathway.kafkameters;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** The arithmetic behind the gauges, on plain maps of partition offsets. */
final class OffsetSums {

  private OffsetSums() {}

  /**
   * A group's lag per topic: for each partition in {@code end}, the end offset minus where the
   * group would read next, summed over the topic's partitions.
   *
   * <p>A partition the group has never committed counts from its earliest retained offset: every
   * Pathway consumer starts there ({@code auto.offset.reset=earliest}), so everything retained is
   * still to be read, and a group that has not committed yet shows its whole backlog rather than
   * nothing. A committed offset below the earliest also counts from the earliest: retention deleted
   * those records, so the group cannot read them. A committed offset past the end (a
   * read-uncommitted commit beyond the last stable offset) is no lag, never negative lag.
   */
  static Map<String, Long> lagByTopic(
      Map<TopicPartition, Long> end,
      Map<TopicPartition, Long> earliest,
      Map<TopicPartition, Long> committed) {
    Map<String, Long> lag = new TreeMap<>();
    end.forEach(
        (tp, endOffset) -> {
          long first = earliest.getOrDefault(tp, 0L);
          Long commit = committed.get(tp);
          long next = commit == null ? first : Math.max(commit, first);
          lag.merge(tp.topic(), Math.max(0L, endOffset - next), Long::sum);
        });
    return lag;
  }

  /**
   * Committed records counted on one partition: {@code records} of them from offset {@code from} up
   * to (not including) {@code next}, as a read-committed consumer returns them, so transaction
   * markers and aborted records are not among them.
   */
  record Counted(long from, long next, long records) {

    /** Nothing counted yet, starting at {@code from}. */
    static Counted startingAt(long from) {
      return new Counted(from, from, 0);
    }

    /** This count moved on to {@code position}, having seen {@code more} records on the way. */
    Counted readTo(long position, long more) {
      return new Counted(from, position, records + more);
    }
  }

  /**
   * Where counting a partition goes on from, given its offsets now ({@code earliest} to {@code
   * end}): the kept count while it still describes the log, otherwise a new count from the earliest
   * offset.
   *
   * <p>Once retention has deleted anything (the earliest offset moved) the kept count cannot say
   * how many of the deleted offsets were records rather than markers, so the partition is counted
   * again; retention deletes whole segments rarely, so that stays cheap. A log that ends before the
   * kept position is not the log that was counted (the topic was deleted and made again).
   */
  static Counted resume(Counted kept, long earliest, long end) {
    if (kept == null || kept.from() != earliest || kept.next() > end) {
      return Counted.startingAt(earliest);
    }
    return kept;
  }

  /** Records counted per topic, summed over the topic's partitions. */
  static Map<String, Long> recordsByTopic(Map<TopicPartition, Counted> counted) {
    Map<String, Long> records = new TreeMap<>();
    counted.forEach((tp, c) -> records.merge(tp.topic(), c.records(), Long::sum));
    return records;
  }
}
