package org.pathway.events.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.avro.WellbeingScore;

class WellbeingScoreTextTest {

  private static final WellbeingScore ENTRY =
      new WellbeingScore(WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 19.0, null);
  private static final WellbeingScore EXIT =
      new WellbeingScore(WellbeingInstrument.ONS4, MeasurementTiming.EXIT, 7.25, null);
  private static final Instant TAKEN = Instant.parse("2026-09-01T09:30:00Z");

  @Test
  void formatsScoresAsAPersonReadsThem() {
    assertThat(WellbeingScoreText.format(ENTRY)).isEqualTo("SWEMWBS entry 19");
    assertThat(WellbeingScoreText.format(List.of(ENTRY, EXIT)))
        .isEqualTo("SWEMWBS entry 19; ONS4 exit 7.25");
    assertThat(WellbeingScoreText.format(List.of())).isEmpty();
  }

  @Test
  void readsBackWhatItWrites() {
    assertThat(WellbeingScoreText.parse(WellbeingScoreText.format(List.of(ENTRY, EXIT))))
        .containsExactly(ENTRY, EXIT);
    assertThat(WellbeingScoreText.parse(null)).isEmpty();
    assertThat(WellbeingScoreText.parse("  ")).isEmpty();
  }

  @Test
  void carriesTheTimeTheScoreWasTakenWhenKnown() {
    var taken =
        new WellbeingScore(
            WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 19.0, TAKEN.toEpochMilli());
    // a person reads the score alone; the list form a GP system files carries the time
    assertThat(WellbeingScoreText.format(taken)).isEqualTo("SWEMWBS entry 19");
    assertThat(WellbeingScoreText.format(List.of(taken, EXIT)))
        .isEqualTo("SWEMWBS entry 19 at 2026-09-01T09:30:00Z; ONS4 exit 7.25");
    assertThat(WellbeingScoreText.parse(WellbeingScoreText.format(List.of(taken, EXIT))))
        .containsExactly(taken, EXIT);
  }

  @Test
  void writesAndReadsEveryInstrumentAnOutcomeSetMayName() {
    for (WellbeingInstrument instrument : WellbeingInstrument.values()) {
      var score = new WellbeingScore(instrument, MeasurementTiming.EXIT, 2.5, null);
      assertThat(WellbeingScoreText.parse(WellbeingScoreText.format(List.of(score))))
          .containsExactly(score);
    }
    assertThat(WellbeingScoreText.parse("MYCAW entry 3.67; LONELINESS3 exit 5"))
        .extracting(WellbeingScore::getInstrument)
        .containsExactly(WellbeingInstrument.MYCAW, WellbeingInstrument.LONELINESS3);
  }

  @Test
  void refusesATimeThatIsNotAnInstant() {
    assertThatThrownBy(() -> WellbeingScoreText.parse("SWEMWBS entry 19 at yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("yesterday");
  }

  @Test
  void readsTheFormRoutersWroteBeforeScoresWereTyped() {
    assertThat(WellbeingScoreText.parse("SWEMWBS|entry|19;ONS4|exit|7.25"))
        .containsExactly(ENTRY, EXIT);
  }

  @Test
  void refusesTextThatIsNotAScore() {
    assertThatThrownBy(() -> WellbeingScoreText.parse("SWEMWBS entry 19; feeling better"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feeling better");
    assertThatThrownBy(() -> WellbeingScoreText.parse("MOOD exit 3")).hasMessageContaining("MOOD");
  }
}
