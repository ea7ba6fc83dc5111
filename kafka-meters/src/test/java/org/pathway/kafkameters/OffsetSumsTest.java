package org.pathway.kafkameters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.pathway.kafkameters.OffsetSums.Counted;

class OffsetSumsTest {

  private static final TopicPartition A0 = new TopicPartition("a", 0);
  private static final TopicPartition A1 = new TopicPartition("a", 1);
  private static final TopicPartition A2 = new TopicPartition("a", 2);
  private static final TopicPartition B0 = new TopicPartition("b", 0);

  @Test
  void lagIsEndMinusCommittedSummedPerTopic() {
    // given three partitions of one topic and one of another, all committed somewhere
    var end = Map.of(A0, 10L, A1, 20L, A2, 5L, B0, 7L);
    var earliest = Map.of(A0, 0L, A1, 0L, A2, 0L, B0, 0L);
    var committed = Map.of(A0, 4L, A1, 20L, A2, 1L, B0, 7L);

    // then
    assertThat(OffsetSums.lagByTopic(end, earliest, committed))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 6L + 0L + 4L, "b", 0L));
  }

  @Test
  void aPartitionNeverCommittedCountsEverythingRetained() {
    var end = Map.of(A0, 10L, A1, 20L);
    var earliest = Map.of(A0, 3L, A1, 8L);

    assertThat(OffsetSums.lagByTopic(end, earliest, Map.of(A0, 9L)))
        .containsExactlyEntriesOf(Map.of("a", 1L + (20L - 8L)));
    assertThat(OffsetSums.lagByTopic(end, earliest, Map.of()))
        .containsExactlyEntriesOf(Map.of("a", 7L + 12L));
  }

  @Test
  void recordsDeletedBeforeTheGroupReadThemAreNotLag() {
    // given retention moved the earliest offset past the group's commit
    var end = Map.of(A0, 100L);
    var earliest = Map.of(A0, 90L);

    assertThat(OffsetSums.lagByTopic(end, earliest, Map.of(A0, 40L)))
        .containsExactlyEntriesOf(Map.of("a", 10L));
  }

  @Test
  void aCommitPastTheEndIsNoLagRatherThanNegative() {
    var end = Map.of(A0, 10L, A1, 10L);
    var earliest = Map.of(A0, 0L, A1, 0L);

    assertThat(OffsetSums.lagByTopic(end, earliest, Map.of(A0, 12L, A1, 7L)))
        .containsExactlyEntriesOf(Map.of("a", 3L));
  }

  @Test
  void anEmptyTopicHasNoLag() {
    assertThat(OffsetSums.lagByTopic(Map.of(B0, 0L), Map.of(B0, 0L), Map.of()))
        .containsExactlyEntriesOf(Map.of("b", 0L));
  }

  @Test
  void aPartitionNeverCountedIsCountedFromItsEarliestOffset() {
    assertThat(OffsetSums.resume(null, 7, 20)).isEqualTo(new Counted(7, 7, 0));
  }

  @Test
  void aCountGoesOnFromWhereItGotToWhileTheLogIsTheOneCounted() {
    // given 3 records counted between offsets 0 and 8 (markers took the other offsets)
    var kept = new Counted(0, 8, 3);

    // then a later read goes on from offset 8 with those 3, whether or not more was written
    assertThat(OffsetSums.resume(kept, 0, 8)).isSameAs(kept);
    assertThat(OffsetSums.resume(kept, 0, 12)).isSameAs(kept);
  }

  @Test
  void retentionOrARecreatedTopicStartsTheCountAgain() {
    var kept = new Counted(0, 8, 3);

    // retention deleted offsets the count included: it cannot tell records from markers among them
    assertThat(OffsetSums.resume(kept, 2, 8)).isEqualTo(new Counted(2, 2, 0));
    // retention deleted everything counted and more
    assertThat(OffsetSums.resume(kept, 10, 12)).isEqualTo(new Counted(10, 10, 0));
    // the log ends before the count got to: not the log that was counted
    assertThat(OffsetSums.resume(kept, 0, 5)).isEqualTo(new Counted(0, 0, 0));
  }

  @Test
  void aCountMovesToThePositionAndAddsTheRecordsSeen() {
    assertThat(new Counted(4, 8, 3).readTo(15, 4)).isEqualTo(new Counted(4, 15, 7));
  }

  @Test
  void recordsAreSummedPerTopic() {
    var counted =
        Map.of(
            A0, new Counted(0, 10, 5),
            A1, new Counted(3, 9, 2),
            A2, new Counted(0, 0, 0),
            B0, new Counted(5, 5, 0));

    assertThat(OffsetSums.recordsByTopic(counted))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 7L, "b", 0L));
  }
}
