package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.JourneyFold;
import org.pathway.reporting.support.JourneyScript;

class JourneyStoreTest {

  private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
  private final TimestampedKeyValueStore<String, Journey> below =
      Stores.timestampedKeyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(JourneyTopology.JOURNEYS),
              Serdes.String(),
              new JourneySerde())
          .withCachingDisabled()
          .withLoggingDisabled()
          .build();

  private JourneyStore store(int capacity) {
    JourneyStore store = new JourneyStore(below, capacity);
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  private static ValueAndTimestamp<Journey> journey(String id, long at) {
    return ValueAndTimestamp.make(Journey.start(id), at);
  }

  @Test
  void aChangedJourneyIsWrittenBelowWhenTheCacheIsFlushedAndNotBefore() {
    JourneyStore store = store(16);
    store.put("r1", journey("r1", 1L));
    store.put("r1", journey("r1", 2L));

    assertThat(below.get("r1")).as("nothing written before the flush").isNull();
    assertThat(store.get("r1").timestamp()).isEqualTo(2L);
    assertThat(store.unwrittenJourneys()).isEqualTo(1);

    store.flushCache();

    assertThat(below.get("r1").timestamp()).isEqualTo(2L);
    assertThat(store.unwrittenJourneys()).isZero();
    assertThat(store.keptJourneys()).as("still kept, as written").isEqualTo(1);
  }

  @Test
  void anUnwrittenJourneyEvictedToMakeRoomIsWrittenThen() {
    JourneyStore store = store(2);
    store.put("r1", journey("r1", 1L));
    store.put("r2", journey("r2", 1L));

    store.put("r3", journey("r3", 1L));

    assertThat(below.get("r1")).isNotNull();
    assertThat(below.get("r2")).isNull();
    assertThat(store.get("r1").timestamp()).isEqualTo(1L);
    assertThat(store.keptJourneys()).isEqualTo(2);
  }

  @Test
  void allShowsEveryJourneyOnceTheUnwrittenAsKept() {
    JourneyStore store = store(16);
    below.put("r1", journey("r1", 1L));
    below.put("r2", journey("r2", 1L));
    store.put("r1", journey("r1", 8L));
    store.put("r3", journey("r3", 9L));

    Map<String, Long> seen = new HashMap<>();
    try (KeyValueIterator<String, ValueAndTimestamp<Journey>> all = store.all()) {
      all.forEachRemaining(kv -> assertThat(seen.put(kv.key, kv.value.timestamp())).isNull());
    }

    assertThat(seen).isEqualTo(Map.of("r1", 8L, "r2", 1L, "r3", 9L));
    assertThat(store.approximateNumEntries()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aDeletedJourneyIsGoneAboveAndBelow() {
    JourneyStore store = store(16);
    below.put("r1", journey("r1", 1L));
    store.put("r1", journey("r1", 2L));

    assertThat(store.delete("r1").timestamp()).isEqualTo(2L);

    assertThat(store.get("r1")).isNull();
    assertThat(below.get("r1")).isNull();
    store.flushCache();
    assertThat(below.get("r1")).isNull();
  }

  @Test
  void aRevivedTaskFoldsFromTheRestoredStoreNotFromWhatItKeptBefore() {
    JourneyStore store = store(16);
    List<SpecificRecord> events =
        JourneyScript.referral(
                "r1",
                Instant.parse("2026-03-02T09:00:00Z"),
                "A81001",
                "U1",
                "wellbeing",
                "female",
                "A",
                "45-64",
                3)
            .accepted(1, "lw-1")
            .business(3, "first-conversation-held", "lw-1")
            .completed(40, "lw-1")
            .events();
    JourneyFolder folder = new JourneyFolder();
    folder.init(context);
    folder.process(new Record<>("r1", events.get(0), 1L));

    // the task is revived (Streams initialises its store again) after the store was restored to
    // what another instance folded meanwhile: every event but the last
    Journey elsewhere = Journey.start("r1");
    for (SpecificRecord e : events.subList(0, events.size() - 1)) {
      elsewhere = JourneyFold.apply(elsewhere, e);
    }
    below.put("r1", ValueAndTimestamp.make(elsewhere, 2L));
    store.init(context.getStateStoreContext(), store);
    folder.process(new Record<>("r1", events.get(events.size() - 1), 3L));

    Journey all = Journey.start("r1");
    for (SpecificRecord e : events) {
      all = JourneyFold.apply(all, e);
    }
    assertThat(store.get("r1").value()).isEqualTo(all);
  }

  @Test
  void aClosedStoreKeepsNoJourney() {
    JourneyStore store = store(16);
    store.put("r1", journey("r1", 1L));
    assertThat(store.keptJourneys()).isEqualTo(1);

    store.close();

    assertThat(store.keptJourneys()).isZero();
    assertThat(store.unwrittenJourneys()).isZero();
  }
}
