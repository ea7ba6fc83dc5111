package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.JourneyFold;
import org.pathway.reporting.support.JourneyScript;

class JourneyFolderTest {

  private static final String APP = "pathway-reporting-test";
  private static final String CHANGELOG = APP + "-" + JourneyTopology.JOURNEYS + "-changelog";
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private static JourneyScript script(int i) {
    return JourneyScript.referral(
            "r" + i,
            START.plusSeconds(i * 60L),
            "A8100" + i,
            "U1",
            "wellbeing",
            i % 2 == 0 ? "female" : "male",
            "A",
            "45-64",
            1 + i)
        .accepted(1, "lw-" + i)
        .business(3, "first-conversation-held", "lw-" + i)
        .score(3, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 12 + i)
        .onward(5, "lw-" + i, "walk")
        .group(9, "session-attended", "walk")
        .score(40, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 20 + i)
        .completed(40, "lw-" + i);
  }

  /**
   * The referrals' events in a shuffled but fixed order, each referral's own in order, so a
   * two-journey LRU both finds a journey it kept (the same referral again soon) and evicts.
   */
  private static List<KeyValue<String, SpecificRecord>> interleaved(int referrals) {
    List<List<SpecificRecord>> left = new ArrayList<>();
    for (int i = 0; i < referrals; i++) {
      left.add(new ArrayList<>(script(i).events()));
    }
    Random random = new Random(42);
    List<KeyValue<String, SpecificRecord>> events = new ArrayList<>();
    while (left.stream().anyMatch(l -> !l.isEmpty())) {
      int i = random.nextInt(referrals);
      if (!left.get(i).isEmpty()) {
        events.add(KeyValue.pair("r" + i, left.get(i).remove(0)));
      }
    }
    return events;
  }

  private static Map<String, Journey> pureFold(List<KeyValue<String, SpecificRecord>> events) {
    Map<String, Journey> journeys = new LinkedHashMap<>();
    for (KeyValue<String, SpecificRecord> e : events) {
      Journey j = journeys.getOrDefault(e.key, Journey.start(e.key));
      journeys.put(e.key, JourneyFold.apply(j, e.value));
    }
    return journeys;
  }

  private static TopologyTestDriver driver(int hotJourneys) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(JourneyTopology.build(hotJourneys), props);
  }

  private static TestInputTopic<String, SpecificRecord> input(TopologyTestDriver driver) {
    return driver.createInputTopic(
        Topics.REFERRAL_EVENTS.name(), new StringSerializer(), new EventSerializer());
  }

  private static TestOutputTopic<String, Journey> changelog(TopologyTestDriver driver) {
    return driver.createOutputTopic(
        CHANGELOG, new StringDeserializer(), new JourneySerde().deserializer());
  }

  @Test
  void withATinyLruTheStoredJourneysEqualThePureFold() {
    List<KeyValue<String, SpecificRecord>> events = interleaved(5);
    try (TopologyTestDriver driver = driver(2)) {
      TestInputTopic<String, SpecificRecord> in = input(driver);

      events.forEach(e -> in.pipeInput(e.key, e.value));

      KeyValueStore<String, Journey> store = driver.getKeyValueStore(JourneyTopology.JOURNEYS);
      Map<String, Journey> expected = pureFold(events);
      assertThat(expected).hasSize(5);
      expected.forEach((id, journey) -> assertThat(store.get(id)).isEqualTo(journey));
    }
  }

  @Test
  void everyChangeReachesTheChangelog() {
    List<KeyValue<String, SpecificRecord>> events = interleaved(5);
    try (TopologyTestDriver driver = driver(2)) {
      TestInputTopic<String, SpecificRecord> in = input(driver);
      TestOutputTopic<String, Journey> out = changelog(driver);

      events.forEach(e -> in.pipeInput(e.key, e.value));

      // The test driver commits after every record, so each change is its own changelog record,
      // in the order the journeys went through.
      List<KeyValue<String, Journey>> logged = out.readKeyValuesToList();
      List<KeyValue<String, Journey>> expected = new ArrayList<>();
      Map<String, Journey> journeys = new LinkedHashMap<>();
      for (KeyValue<String, SpecificRecord> e : events) {
        Journey next =
            JourneyFold.apply(journeys.getOrDefault(e.key, Journey.start(e.key)), e.value);
        journeys.put(e.key, next);
        expected.add(KeyValue.pair(e.key, next));
      }
      assertThat(logged).isEqualTo(expected);
    }
  }

  @Test
  void aRedeliveredEventWritesNothing() {
    List<KeyValue<String, SpecificRecord>> events = interleaved(3);
    try (TopologyTestDriver driver = driver(2)) {
      TestInputTopic<String, SpecificRecord> in = input(driver);
      TestOutputTopic<String, Journey> out = changelog(driver);
      events.forEach(e -> in.pipeInput(e.key, e.value));
      out.readKeyValuesToList();

      // at-least-once: every event comes again, its journey found in the LRU or in the store
      events.forEach(e -> in.pipeInput(e.key, e.value));

      assertThat(out.isEmpty()).isTrue();
      KeyValueStore<String, Journey> store = driver.getKeyValueStore(JourneyTopology.JOURNEYS);
      pureFold(events).forEach((id, journey) -> assertThat(store.get(id)).isEqualTo(journey));
    }
  }
}
