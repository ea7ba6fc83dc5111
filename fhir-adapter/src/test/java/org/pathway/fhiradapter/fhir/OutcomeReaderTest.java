package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.fhiradapter.support.Scores;

class OutcomeReaderTest {

  @Test
  void readsSwemwbsExitScoreGivenAsInteger() {
    Observation o = Scores.score("SWEMWBS", "exit", 0, "t1");
    o.setValue(new IntegerType(24));

    var s = OutcomeReader.read(o);

    assertThat(s.instrument()).isEqualTo(WellbeingInstrument.SWEMWBS);
    assertThat(s.timing()).isEqualTo(MeasurementTiming.EXIT);
    assertThat(s.score()).isEqualTo(24.0);
    assertThat(s.taskId()).isEqualTo("t1");
    assertThat(s.display()).isEqualTo("SWEMWBS exit 24");
  }

  @Test
  void acceptsEachInstrumentAtTheEdgesOfItsRange() {
    for (var c :
        new Object[][] {
          {"SWEMWBS", 7}, {"SWEMWBS", 35}, {"WEMWBS", 14}, {"WEMWBS", 70}, {"ONS4", 0}, {"ONS4", 10}
        }) {
      var s = OutcomeReader.read(Scores.score((String) c[0], "entry", (Integer) c[1], "t"));
      assertThat(s.score()).isEqualTo(((Integer) c[1]).doubleValue());
    }
  }

  @Test
  void refusesScoresOutsideTheInstrumentRange() {
    for (var c : new Object[][] {{"SWEMWBS", 6}, {"SWEMWBS", 36}, {"WEMWBS", 13}, {"WEMWBS", 71}}) {
      assertThatThrownBy(
              () -> OutcomeReader.read(Scores.score((String) c[0], "exit", (Integer) c[1], "t")))
          .isInstanceOfSatisfying(
              RequestRejectedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(RequestRejectedException.Reason.INVALID);
                assertThat(e.issues().get(0).expression()).isEqualTo("Observation.value[x]");
              });
    }
  }

  @Test
  void refusesUnknownInstrumentMissingTimingValueTimeAndTask() {
    Observation o = Scores.score("PHQ9", "exit", 10, "t");
    o.getCategory().clear();
    o.setValue(null);
    o.setEffective(null);
    o.getFocus().clear();
    o.addFocus(new Reference("ServiceRequest/x"));

    assertThatThrownBy(() -> OutcomeReader.read(o))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e ->
                assertThat(e.issues().stream().map(Issue::expression))
                    .containsExactlyInAnyOrder(
                        "Observation.code",
                        "Observation.category",
                        "Observation.value[x]",
                        "Observation.effective[x]",
                        "Observation.focus"));
  }

  @Test
  void refusesPreliminaryScore() {
    Observation o = Scores.score("WEMWBS", "entry", 40, "t");
    o.setStatus(Observation.ObservationStatus.PRELIMINARY);

    assertThatThrownBy(() -> OutcomeReader.read(o))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> assertThat(e.issues().get(0).expression()).isEqualTo("Observation.status"));
  }

  @Test
  void acceptsAScoreWithoutEffectiveTimeWhenItSaysWhenItWasIssued() {
    Observation o = Scores.score("SWEMWBS", "exit", 24, "t");
    o.setEffective(null);
    o.setIssued(java.util.Date.from(java.time.Instant.parse("2026-11-20T14:00:00Z")));

    var read = OutcomeReader.read(o);

    // the ledger settles the time: no effective here, the issued time kept for it
    assertThat(read.effectiveAt()).isNull();
    assertThat(read.issuedAt()).isEqualTo(java.time.Instant.parse("2026-11-20T14:00:00Z"));
  }
}
