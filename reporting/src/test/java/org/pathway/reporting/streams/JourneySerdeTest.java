package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
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
  void writesTheSameBytesAsTheFormatsFirstWriter() {
    // given the bytes DataOutputStream wrote for this journey before JourneyBytes replaced it
    byte[] before =
        HexFormat.of()
            .parseHex(
                "010100027231010002743101000641383130303101000255310100056164756c7401000247500100"
                    + "076c772d6561737401000477616c6b01000666656d616c650100014e01000536352d37340000"
                    + "0002030000000000000003e80100134f7267616e697a6174696f6e2f41383130303101000000"
                    + "00000007d000040000000000000bb80100194865616c746863617265536572766963652f6c77"
                    + "2d656173740101040000000000000fa00100164865616c746863617265536572766963652f77"
                    + "616c6b010000000000000dac000000020100075357454d574253010005454e54525940330000"
                    + "0000000000000000000005dc0100026f310100075357454d5742530100044558495440398000"
                    + "000000000000000000000f3c0100026f32");

    // when written now, then byte for byte the same (the changelog's compaction and RocksDB see
    // the same values), and they read back as the journey
    assertThat(serde.serializer().serialize("t", everyField())).isEqualTo(before);
    assertThat(serde.deserializer().deserialize("t", before)).isEqualTo(everyField());
  }

  @Test
  void anUnknownFormatIsASerializationError() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0}))
        .isInstanceOf(SerializationException.class);
  }
}
