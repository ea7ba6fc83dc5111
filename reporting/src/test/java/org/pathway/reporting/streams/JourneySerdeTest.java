package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.pathway.reporting.journey.Exit;
import org.pathway.reporting.journey.ExitMark;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Mark;
import org.pathway.reporting.journey.Profile;
import org.pathway.reporting.journey.Score;
import org.pathway.reporting.journey.Step;

class JourneySerdeTest {

  private final JourneySerde serde = new JourneySerde();

  private static Journey everyField() {
    return new Journey(
        "r1",
        "t1",
        new Profile("A81001", "U1", "adult", "GP", "lw-east", "walk", "female", "N", "65-74", 2),
        Map.of(
            Step.REFERRED, new Mark(1_000L, "Organization/A81001"),
            Step.ACCEPTED, new Mark(2_000L, null),
            Step.REFERRED_TO_GROUP, new Mark(3_000L, "HealthcareService/lw-east")),
        new ExitMark(Exit.DROPPED_OUT, Step.REFERRED_TO_GROUP, 4_000L, "HealthcareService/walk"),
        3_500L,
        List.of(
            new Score("SWEMWBS", "ENTRY", 19, 1_500L, "o1"),
            new Score("SWEMWBS", "EXIT", 25.5, 3_900L, "o2")));
  }

  @Test
  void aJourneyWithEveryFieldComesBackEqual() {
    Journey j = everyField();

    Journey back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", j));

    assertThat(back).isEqualTo(j);
  }

  @Test
  void aJourneyKnownOnlyByItsIdComesBackEqual() {
    Journey j = Journey.start("r2");

    Journey back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", j));

    assertThat(back).isEqualTo(j);
    assertThat(back.profile().deprivationDecile()).isNull();
  }

  @Test
  void aJsonJourneyAnEarlierVersionWroteIsStillRead() throws Exception {
    // given the changelog value the JSON serde wrote before format 1
    byte[] json = new ObjectMapper().writeValueAsBytes(everyField());
    assertThat(json[0]).isEqualTo((byte) '{');

    // when it is restored, then it is the same journey
    assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(everyField());
  }

  @Test
  void theBinaryFormIsSmallerThanTheJsonItReplaced() throws Exception {
    byte[] binary = serde.serializer().serialize("t", everyField());

    assertThat(binary[0]).isEqualTo(JourneySerde.BINARY_V1);
    assertThat(binary.length).isLessThan(new ObjectMapper().writeValueAsBytes(everyField()).length);
  }

  @Test
  void anUnknownFormatIsASerializationError() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0}))
        .isInstanceOf(SerializationException.class);
  }
}
