package org.pathway.reporting.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.reporting.support.JourneyScript;

class JourneyFoldTest {

  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private static Journey fold(JourneyScript script) {
    Journey j = Journey.start(script.referralId());
    for (SpecificRecord e : script.events()) {
      j = JourneyFold.apply(j, e);
    }
    return j;
  }

  private static JourneyScript referral() {
    return JourneyScript.referral(
        "r1", START, "A81001", "U1", "wellbeing", "female", "A", "45-64", 3);
  }

  @Test
  void marksEveryStepWithItsTimeAndWhoDidIt() {
    JourneyScript s =
        referral()
            .accepted(1, "lw-north")
            .business(3, "first-conversation-held", "lw-north")
            .business(5, "plan-agreed", "lw-north")
            .onward(6, "lw-north", "walk")
            .group(10, "session-attended", "walk")
            .completed(40, "lw-north");

    Journey j = fold(s);

    assertThat(j.mark(Step.REFERRED))
        .contains(new Mark(START.toEpochMilli(), "Organization/A81001"));
    assertThat(j.mark(Step.ACCEPTED))
        .contains(new Mark(s.at(1).toEpochMilli(), "HealthcareService/lw-north"));
    assertThat(j.mark(Step.FIRST_CONVERSATION).orElseThrow().at())
        .isEqualTo(s.at(3).toEpochMilli());
    assertThat(j.mark(Step.PLAN_AGREED).orElseThrow().at()).isEqualTo(s.at(5).toEpochMilli());
    assertThat(j.mark(Step.REFERRED_TO_GROUP).orElseThrow().at()).isEqualTo(s.at(6).toEpochMilli());
    assertThat(j.mark(Step.FIRST_SESSION))
        .contains(new Mark(s.at(10).toEpochMilli(), "HealthcareService/walk"));
    assertThat(j.mark(Step.COMPLETED).orElseThrow().at()).isEqualTo(s.at(40).toEpochMilli());
    assertThat(j.exit()).isNull();
    assertThat(j.profile().linkWorkerService()).isEqualTo("lw-north");
    assertThat(j.profile().group()).isEqualTo("walk");
    assertThat(j.profile().practice()).isEqualTo("A81001");
    assertThat(j.profile().deprivationQuintile()).isEqualTo(2);
  }

  @Test
  void countsADeclineAfterTheStepReached() {
    Journey j = fold(referral().declined(2, "lw-north"));

    assertThat(j.exit().kind()).isEqualTo(Exit.DECLINED);
    assertThat(j.exit().after()).isEqualTo(Step.REFERRED);
    assertThat(j.reached(Step.ACCEPTED)).isFalse();
  }

  @Test
  void aDisengagedPersonDropsOutAfterTheirLastStep() {
    Journey j =
        fold(
            referral()
                .accepted(1, "lw-north")
                .business(3, "first-conversation-held", "lw-north")
                .business(9, "disengaged", "lw-north"));

    assertThat(j.exit().kind()).isEqualTo(Exit.DROPPED_OUT);
    assertThat(j.exit().after()).isEqualTo(Step.FIRST_CONVERSATION);
  }

  @Test
  void didNotAttendIsKeptUntilASessionIsAttended() {
    JourneyScript s =
        referral().accepted(1, "lw").onward(2, "lw", "walk").group(5, "did-not-attend", "walk");

    assertThat(fold(s).didNotAttendAt()).isEqualTo(s.at(5).toEpochMilli());
    assertThat(fold(s.group(12, "session-attended", "walk")).reached(Step.FIRST_SESSION)).isTrue();
  }

  @Test
  void aLaterStepImpliesTheEarlierOnesInTheFunnel() {
    Journey j = fold(referral().accepted(1, "lw").business(4, "plan-agreed", "lw"));

    assertThat(j.reached(Step.FIRST_CONVERSATION)).isTrue();
    assertThat(j.mark(Step.FIRST_CONVERSATION)).isEmpty();
  }

  @Test
  void aRepeatedEventChangesNothing() {
    JourneyScript s =
        referral()
            .accepted(1, "lw")
            .score(1, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 20);
    Journey once = fold(s);
    Journey twice = once;
    for (SpecificRecord e : s.events()) {
      twice = JourneyFold.apply(twice, e);
    }

    assertThat(twice).isEqualTo(once);
    assertThat(twice.scores()).hasSize(1);
  }

  @Test
  void aGroupDecliningIsNotThePersonLeaving() {
    Journey j =
        fold(
            referral().accepted(1, "lw").onward(2, "lw", "walk").group(3, "place-offered", "walk"));

    assertThat(j.exit()).isNull();
  }
}
