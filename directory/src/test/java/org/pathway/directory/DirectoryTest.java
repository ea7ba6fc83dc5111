package org.pathway.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.CapacityStatus;

class DirectoryTest {

  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

  private static DirectoryEntry group(String id, Capacity capacity) {
    return new DirectoryEntry(
        id,
        "Group " + id,
        ServiceKind.COMMUNITY_GROUP,
        null,
        null,
        capacity,
        List.of(),
        T,
        null,
        List.of(),
        List.of());
  }

  @Test
  void aReportedCapacityOverridesTheFeedsAndSurvivesARefresh() {
    Directory directory =
        Directory.of(List.of(group("g1", new Capacity(CapacityStatus.CAPACITY, 4, null, T, 0))));

    boolean applied =
        directory.report("g1", new Capacity(CapacityStatus.NO_CAPACITY, 0, false, T, 2));
    directory.apply(
        new FeedPage(
            List.of(group("g1", new Capacity(CapacityStatus.CAPACITY, 5, null, T, 0))), List.of()));

    assertThat(applied).isTrue();
    assertThat(directory.byId("g1").orElseThrow().capacity()).isEqualTo(CapacityStatus.NO_CAPACITY);
    assertThat(directory.byId("g1").orElseThrow().capacityDetail().placesLeft()).isZero();
  }

  @Test
  void anOlderOrRepeatedReportChangesNothing() {
    Directory directory = Directory.of(List.of(group("g1", Capacity.UNKNOWN)));
    directory.report("g1", new Capacity(CapacityStatus.NO_CAPACITY_HAS_WAITLIST, 0, true, T, 3));

    boolean older = directory.report("g1", new Capacity(CapacityStatus.CAPACITY, 2, null, T, 2));
    boolean repeated = directory.report("g1", new Capacity(CapacityStatus.CAPACITY, 9, null, T, 3));

    assertThat(older).isFalse();
    assertThat(repeated).isFalse();
    assertThat(directory.byId("g1").orElseThrow().capacity())
        .isEqualTo(CapacityStatus.NO_CAPACITY_HAS_WAITLIST);
  }

  @Test
  void aReportForAGroupTheFeedDoesNotYetHaveAppliesOnceTheFeedHasIt() {
    Directory directory = new Directory();
    directory.report("g2", new Capacity(CapacityStatus.NO_CAPACITY, 0, false, T, 2));
    assertThat(directory.byId("g2")).isEmpty();

    directory.apply(new FeedPage(List.of(group("g2", Capacity.UNKNOWN)), List.of()));

    assertThat(directory.byId("g2").orElseThrow().capacity()).isEqualTo(CapacityStatus.NO_CAPACITY);
  }

  @Test
  void statusFollowsPlacesAndWaitlist() {
    assertThat(Capacity.statusOf(3, false)).isEqualTo(CapacityStatus.CAPACITY);
    assertThat(Capacity.statusOf(0, true)).isEqualTo(CapacityStatus.NO_CAPACITY_HAS_WAITLIST);
    assertThat(Capacity.statusOf(0, null)).isEqualTo(CapacityStatus.NO_CAPACITY);
    assertThat(Capacity.statusOf(null, null)).isEqualTo(CapacityStatus.UNKNOWN);
  }
}
