package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Step;
import org.pathway.reporting.support.JourneyScript;

class JourneyTopologyTest {

  @Test
  void foldsEachReferralsEventsIntoItsJourneyInTheStore() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pathway-reporting-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    JourneyScript one =
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
            .accepted(1, "lw-north")
            .onward(4, "lw-north", "walk");
    JourneyScript two =
        JourneyScript.referral(
                "r2",
                Instant.parse("2026-03-03T09:00:00Z"),
                "A81002",
                "U1",
                "wellbeing",
                "male",
                "M",
                "65-74",
                8)
            .declined(2, "lw-north");
    try (TopologyTestDriver driver = new TopologyTestDriver(JourneyTopology.build(4096), props)) {
      TestInputTopic<String, SpecificRecord> events =
          driver.createInputTopic(
              Topics.REFERRAL_EVENTS.name(), new StringSerializer(), new EventSerializer());
      for (SpecificRecord e : one.events()) {
        events.pipeInput("r1", e);
      }
      for (SpecificRecord e : two.events()) {
        events.pipeInput("r2", e);
      }
      KeyValueStore<String, Journey> store = driver.getKeyValueStore(JourneyTopology.JOURNEYS);

      Journey first = store.get("r1");
      assertThat(first.reached(Step.REFERRED_TO_GROUP)).isTrue();
      assertThat(first.mark(Step.ACCEPTED).orElseThrow().at()).isEqualTo(one.at(1).toEpochMilli());
      assertThat(first.profile().group()).isEqualTo("walk");
      assertThat(store.get("r2").exit()).isNotNull();
      assertThat(store.get("r2").profile().ethnicCategory()).isEqualTo("M");
    }
  }

  @Test
  void journeysSurviveTheTripThroughTheChangelogSerde() {
    JourneyScript s =
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
            .accepted(1, "lw-north");
    Journey j = Journey.start("r1");
    for (SpecificRecord e : s.events()) {
      j = org.pathway.reporting.journey.JourneyFold.apply(j, e);
    }
    JourneySerde serde = new JourneySerde();

    Journey back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", j));

    assertThat(back).isEqualTo(j);
  }

  @Test
  void theStoredJourneyHoldsNoIdentifierSoItsFiguresOutliveTheLedgersPurge() {
    // given a referral whose event names the person (NHS number, name, birth date, postcode)
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pathway-reporting-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    JourneyScript s =
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
            .accepted(1, "lw-north")
            .onward(4, "lw-north", "walk");
    try (TopologyTestDriver driver = new TopologyTestDriver(JourneyTopology.build(4096), props)) {
      TestInputTopic<String, SpecificRecord> events =
          driver.createInputTopic(
              Topics.REFERRAL_EVENTS.name(), new StringSerializer(), new EventSerializer());
      for (SpecificRecord e : s.events()) {
        events.pipeInput("r1", e);
      }

      // when the journey is kept (as its changelog holds it)
      Journey kept = driver.<String, Journey>getKeyValueStore(JourneyTopology.JOURNEYS).get("r1");
      String stored =
          new String(
              new JourneySerde().serializer().serialize("changelog", kept),
              java.nio.charset.StandardCharsets.UTF_8);

      // then it has what the figures need and nothing that identifies the person
      assertThat(kept.profile().ageBand()).isEqualTo("45-64");
      assertThat(stored)
          .doesNotContain("9434765919")
          .doesNotContain("Alex")
          .doesNotContain("Jones")
          .doesNotContain("1981")
          .doesNotContain("LS1");
    }
  }
}
