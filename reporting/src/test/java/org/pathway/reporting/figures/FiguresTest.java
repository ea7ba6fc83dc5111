package org.pathway.reporting.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.JourneyFold;
import org.pathway.reporting.support.JourneyScript;

class FiguresTest {

  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private static Journey fold(JourneyScript script) {
    Journey j = Journey.start(script.referralId());
    for (SpecificRecord e : script.events()) {
      j = JourneyFold.apply(j, e);
    }
    return j;
  }

  private static JourneyScript referral(String id) {
    return JourneyScript.referral(id, START, "A81001", "U1", "wellbeing", "male", "A", "25-44", 1);
  }

  @Test
  void convertsSwemwbsRawScoresWithThePublishedTable() {
    assertThat(WellbeingScales.swemwbsMetric(7)).isEqualTo(7.00);
    assertThat(WellbeingScales.swemwbsMetric(14)).isEqualTo(15.32);
    assertThat(WellbeingScales.swemwbsMetric(21)).isEqualTo(19.25);
    assertThat(WellbeingScales.swemwbsMetric(28)).isEqualTo(25.03);
    assertThat(WellbeingScales.swemwbsMetric(35)).isEqualTo(35.00);
    assertThatThrownBy(() -> WellbeingScales.swemwbsMetric(36))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WellbeingScales.swemwbsMetric(20.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pairsEntryBeforeExitOnTheSameInstrumentOnly() {
    Journey j =
        fold(
            referral("r1")
                .score(1, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 20)
                .score(30, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 25)
                .score(1, WellbeingInstrument.ONS4, MeasurementTiming.ENTRY, 5)
                .score(30, WellbeingInstrument.WEMWBS, MeasurementTiming.EXIT, 50));

    List<OutcomePair> pairs = OutcomePair.of(j);

    assertThat(pairs).hasSize(1);
    assertThat(pairs.get(0).instrument()).isEqualTo("SWEMWBS");
    assertThat(pairs.get(0).entry()).isEqualTo(18.59);
    assertThat(pairs.get(0).exit()).isEqualTo(22.35);
    assertThat(pairs.get(0).change()).isCloseTo(3.76, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(pairs.get(0).improved()).isTrue();
  }

  @Test
  void anExitTakenBeforeTheEntryIsNotAPair() {
    Journey j =
        fold(
            referral("r1")
                .score(30, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 20)
                .score(1, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 25));

    assertThat(OutcomePair.of(j)).isEmpty();
  }

  @Test
  void aChangeBelowTheThresholdIsNotAnImprovement() {
    Journey j =
        fold(
            referral("r1")
                .score(1, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 20)
                .score(30, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 23));

    // 18.59 -> 20.73: 2.14 metric points, under 3.
    assertThat(OutcomePair.of(j).get(0).improved()).isFalse();
  }

  @Test
  void interpolatesPercentiles() {
    double[] days = {1, 2, 3, 4, 10};
    assertThat(Percentiles.of(days, 0.5)).isEqualTo(3);
    assertThat(Percentiles.of(days, 0.9)).isCloseTo(7.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Percentiles.of(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
  }

  @Test
  void timesEachStepFromTheStepBeforeAndHidesFewerThanFive() {
    List<Journey> journeys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      journeys.add(fold(referral("a" + i).accepted(1 + i, "lw-a")));
    }
    for (int i = 0; i < 3; i++) {
      journeys.add(fold(referral("b" + i).accepted(2, "lw-b")));
    }

    List<StepTimes.Row> rows = StepTimes.of(journeys, Dimension.LINK_WORKER_SERVICE);

    assertThat(rows)
        .containsExactly(
            new StepTimes.Row("lw-a", "accepted", 5L, 3.0, 4.6),
            new StepTimes.Row("lw-b", "accepted", null, null, null));
  }

  @Test
  void theFunnelCountsWhoReachedEachStepAndWhoLeftThere() {
    List<Journey> journeys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      JourneyScript s = referral("r" + i);
      if (i < 10) {
        s.accepted(1, "lw");
      } else {
        s.declined(1, "lw");
      }
      if (i < 7) {
        s.onward(5, "lw", "walk");
      }
      if (i < 5) {
        s.group(9, "session-attended", "walk");
      } else if (i < 7) {
        s.group(9, "did-not-attend", "walk");
      }
      journeys.add(fold(s));
    }

    List<Funnel.Row> funnel = Funnel.of(journeys);

    assertThat(funnel.get(0)).isEqualTo(new Funnel.Row("referred", 12L, null, 0L, 0L));
    assertThat(funnel.get(1)).isEqualTo(new Funnel.Row("accepted", 10L, 0L, 0L, 0L));
    assertThat(funnel.get(4)).isEqualTo(new Funnel.Row("referred-to-group", 7L, 0L, null, 0L));
    assertThat(funnel.get(5)).isEqualTo(new Funnel.Row("first-session", 5L, 0L, 0L, 0L));
  }

  @Test
  void groupsEthnicCategoriesIntoCensusGroups() {
    assertThat(EthnicGroups.of("A")).isEqualTo("white");
    assertThat(EthnicGroups.of("F")).isEqualTo("mixed");
    assertThat(EthnicGroups.of("K")).isEqualTo("asian");
    assertThat(EthnicGroups.of("N")).isEqualTo("black");
    assertThat(EthnicGroups.of("R")).isEqualTo("other");
    assertThat(EthnicGroups.of("Z")).isEqualTo("not-stated");
    assertThat(EthnicGroups.of(null)).isEqualTo("not-stated");
  }

  @Test
  void filtersByPeriodPracticeAndArea() {
    Journey j = fold(referral("r1"));

    assertThat(Filter.ALL.includes(j)).isTrue();
    assertThat(new Filter(START.plusSeconds(1), null, null, null, null, null).includes(j))
        .isFalse();
    assertThat(new Filter(null, START, null, null, null, null).includes(j)).isFalse();
    assertThat(new Filter(null, null, java.util.Set.of("B1"), null, null, null).includes(j))
        .isFalse();
    assertThat(new Filter(null, null, null, null, "other", null).includes(j)).isFalse();
    assertThat(new Filter(null, null, null, null, null, java.util.Set.of("U1")).includes(j))
        .isTrue();
    assertThat(new Filter(null, null, null, null, null, java.util.Set.of("U2")).includes(j))
        .isFalse();
  }

  @Test
  void aJourneyWithoutAPracticeOrPcnIsLeftOutOfTheirFiltersAndCountedOtherwise() {
    // given: a referral no practice made (a council's, the police's, the person's own)
    Journey j =
        fold(
            JourneyScript.referral(
                "r-council", START, null, null, "wellbeing", "male", "A", "25-44", 1));

    // then: a filter by practice, PCN or area leaves it out, and no filter does not
    assertThat(new Filter(null, null, java.util.Set.of("A81001"), null, null, null).includes(j))
        .isFalse();
    assertThat(new Filter(null, null, null, java.util.Set.of("U1"), null, null).includes(j))
        .isFalse();
    assertThat(new Filter(null, null, null, null, null, java.util.Set.of("U1")).includes(j))
        .isFalse();
    assertThat(Filter.ALL.includes(j)).isTrue();
  }
}
