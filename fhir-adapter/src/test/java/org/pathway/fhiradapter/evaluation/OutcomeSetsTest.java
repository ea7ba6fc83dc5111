package org.pathway.fhiradapter.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;

class OutcomeSetsTest {

  private final OutcomeSets sets =
      new OutcomeSets(
          Pathways.parse(
              """
              default-pathway: adult
              pathways:
                adult:
                  entry: [SWEMWBS]
                  exit: [SWEMWBS]
                cancer-support:
                  entry: [MYCAW, WEMWBS]
                  exit: [MYCAW]
              """,
              "sets.yaml"));

  @Test
  void takesAnInstrumentThePathwayNamesAtThatTiming() {
    assertThat(sets.refusal("adult", WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY))
        .isEmpty();
    assertThat(sets.refusal("cancer-support", WellbeingInstrument.MYCAW, MeasurementTiming.EXIT))
        .isEmpty();
  }

  @Test
  void refusesAnInstrumentOutsideTheSetSayingWhatThePathwayTakes() {
    assertThat(sets.refusal("adult", WellbeingInstrument.WEMWBS, MeasurementTiming.ENTRY))
        .contains(
            "the adult pathway's outcome set does not take WEMWBS at entry: it takes SWEMWBS at"
                + " entry and SWEMWBS at exit");
  }

  @Test
  void refusesAnEntryOnlyInstrumentAtExit() {
    assertThat(sets.refusal("cancer-support", WellbeingInstrument.WEMWBS, MeasurementTiming.EXIT))
        .hasValueSatisfying(
            m -> assertThat(m).contains("takes WEMWBS, MYCAW at entry and MYCAW at exit"));
  }

  @Test
  void anInterimScoreMayBeOnAnyInstrumentOfTheSet() {
    assertThat(
            sets.refusal("cancer-support", WellbeingInstrument.WEMWBS, MeasurementTiming.INTERIM))
        .isEmpty();
    assertThat(sets.refusal("adult", WellbeingInstrument.ONS4, MeasurementTiming.INTERIM))
        .isPresent();
  }

  @Test
  void aReferralWithoutAKnownPathwayTakesAnyInstrument() {
    assertThat(sets.refusal(null, WellbeingInstrument.ONS4, MeasurementTiming.ENTRY)).isEmpty();
    assertThat(sets.refusal("retired-pathway", WellbeingInstrument.ONS4, MeasurementTiming.EXIT))
        .isEmpty();
  }
}
