package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;
import org.pathway.reporting.journey.Journey;

class HotJourneysTest {

  private static ValueAndTimestamp<Journey> journey(String id) {
    return journey(id, 1L);
  }

  private static ValueAndTimestamp<Journey> journey(String id, long at) {
    return ValueAndTimestamp.make(Journey.start(id), at);
  }

  @Test
  void keepsNoMoreThanItsCapacityEvictingTheLeastRecentlyUsed() {
    HotJourneys hot = new HotJourneys(2);
    hot.put("r1", journey("r1"));
    hot.put("r2", journey("r2"));
    hot.takeUnwritten();

    // r1 used again, so r2 is now the least recently used
    assertThat(hot.get("r1")).isNotNull();
    KeyValue<String, ValueAndTimestamp<Journey>> evicted = hot.put("r3", journey("r3"));

    assertThat(evicted).as("a written journey is evicted with nothing to write").isNull();
    assertThat(hot.size()).isEqualTo(2);
    assertThat(hot.get("r2")).isNull();
    assertThat(hot.get("r1").value().referralId()).isEqualTo("r1");
    assertThat(hot.get("r3").value().referralId()).isEqualTo("r3");
  }

  @Test
  void anUnwrittenJourneyEvictedIsHandedBackToBeWritten() {
    HotJourneys hot = new HotJourneys(2);
    hot.put("r1", journey("r1", 5L));
    hot.put("r2", journey("r2"));

    KeyValue<String, ValueAndTimestamp<Journey>> evicted = hot.put("r3", journey("r3"));

    assertThat(evicted.key).isEqualTo("r1");
    assertThat(evicted.value.timestamp()).isEqualTo(5L);
    assertThat(hot.unwrittenCount()).isEqualTo(2);
  }

  @Test
  void takingTheUnwrittenMarksThemWrittenAndKeepsThem() {
    HotJourneys hot = new HotJourneys(4);
    hot.put("r2", journey("r2"));
    hot.takeUnwritten();
    hot.put("r1", journey("r1"));
    hot.put("r3", journey("r3"));
    hot.put("r1", journey("r1", 7L));

    var taken = hot.takeUnwritten();

    assertThat(taken).extracting(kv -> kv.key).containsExactlyInAnyOrder("r1", "r3");
    assertThat(taken)
        .filteredOn(kv -> kv.key.equals("r1"))
        .first()
        .extracting(kv -> kv.value.timestamp())
        .isEqualTo(7L);
    assertThat(hot.unwrittenCount()).isZero();
    assertThat(hot.takeUnwritten()).isEmpty();
    assertThat(hot.size()).isEqualTo(3);
    assertThat(hot.get("r3")).isNotNull();
  }

  @Test
  void aNewerJourneyReplacesTheKeptOneOfItsReferralAndCountsOnce() {
    HotJourneys hot = new HotJourneys(4);
    hot.put("r1", journey("r1"));

    hot.put("r1", journey("r1", 9L));

    assertThat(hot.size()).isEqualTo(1);
    assertThat(hot.get("r1").timestamp()).isEqualTo(9L);
    assertThat(hot.unwrittenCount()).isEqualTo(1);
  }

  @Test
  void removeForgetsAJourneyAndItsMark() {
    HotJourneys hot = new HotJourneys(4);
    hot.put("r1", journey("r1", 3L));

    assertThat(hot.remove("r1").timestamp()).isEqualTo(3L);

    assertThat(hot.get("r1")).isNull();
    assertThat(hot.unwrittenCount()).isZero();
    assertThat(hot.remove("r1")).isNull();
  }

  @Test
  void clearForgetsEveryJourney() {
    HotJourneys hot = new HotJourneys(4);
    hot.put("r1", journey("r1"));
    hot.put("r2", journey("r2"));

    hot.clear();

    assertThat(hot.size()).isZero();
    assertThat(hot.unwrittenCount()).isZero();
    assertThat(hot.get("r1")).isNull();
  }

  @Test
  void refusesACapacityBelowOne() {
    assertThatThrownBy(() -> new HotJourneys(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
