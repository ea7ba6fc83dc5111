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
   * Offsets retained per topic: end minus earliest, summed over the topic's partitions. For a topic
   * written without transactions that is the number of records retained; a transactional writer
   * adds one commit marker per transaction and partition, which takes an offset too.
   */
  static Map<String, Long> retainedByTopic(
      Map<TopicPartition, Long> end, Map<TopicPartition, Long> earliest) {
    Map<String, Long> retained = new TreeMap<>();
    end.forEach(
        (tp, endOffset) ->
            retained.merge(
                tp.topic(), Math.max(0L, endOffset - earliest.getOrDefault(tp, 0L)), Long::sum));
    return retained;
  }
}
