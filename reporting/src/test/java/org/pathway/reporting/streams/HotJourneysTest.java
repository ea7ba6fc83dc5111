package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;
import org.pathway.reporting.journey.Journey;

class HotJourneysTest {

  private static ValueAndTimestamp<Journey> journey(String id) {
    return ValueAndTimestamp.make(Journey.start(id), 1L);
  }

  @Test
  void keepsNoMoreThanItsCapacityEvictingTheLeastRecentlyUsed() {
    HotJourneys hot = new HotJourneys(2);
    hot.put(journey("r1"));
    hot.put(journey("r2"));

    // r1 used again, so r2 is now the least recently used
    assertThat(hot.get("r1")).isNotNull();
    hot.put(journey("r3"));

    assertThat(hot.size()).isEqualTo(2);
    assertThat(hot.get("r2")).isNull();
    assertThat(hot.get("r1").value().referralId()).isEqualTo("r1");
    assertThat(hot.get("r3").value().referralId()).isEqualTo("r3");
  }

  @Test
  void aNewerJourneyReplacesTheKeptOneOfItsReferral() {
    HotJourneys hot = new HotJourneys(4);
    hot.put(journey("r1"));
    ValueAndTimestamp<Journey> newer = ValueAndTimestamp.make(Journey.start("r1"), 9L);

    hot.put(newer);

    assertThat(hot.size()).isEqualTo(1);
    assertThat(hot.get("r1").timestamp()).isEqualTo(9L);
  }

  @Test
  void clearForgetsEveryJourney() {
    HotJourneys hot = new HotJourneys(4);
    hot.put(journey("r1"));
    hot.put(journey("r2"));

    hot.clear();

    assertThat(hot.size()).isZero();
    assertThat(hot.get("r1")).isNull();
  }

  @Test
  void refusesACapacityBelowOne() {
    assertThatThrownBy(() -> new HotJourneys(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
