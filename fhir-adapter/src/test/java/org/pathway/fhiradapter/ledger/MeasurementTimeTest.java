package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.fhir.OutcomeReader;
import org.pathway.fhiradapter.fhir.OutcomeSubmission;
import org.pathway.fhiradapter.support.Scores;

class MeasurementTimeTest {

  private static final Instant EFFECTIVE = Instant.parse("2026-09-01T09:30:00Z");
  private static final Instant AUTHORED = Instant.parse("2026-09-01T09:10:00Z");
  private static final Instant ISSUED = Instant.parse("2026-09-02T12:00:00Z");

  @Test
  void theEffectiveTimeWinsOverAuthoredAndIssued() {
    Observation o = score(true, true);

    assertThat(OutcomeRecording.takenAt(read(o), Optional.of(authored()))).isEqualTo(EFFECTIVE);
  }

  @Test
  void withoutAnEffectiveTimeTheQuestionnaireResponsesAuthoredTimeIsWhenItWasTaken() {
    Observation o = score(false, true);

    assertThat(OutcomeRecording.takenAt(read(o), Optional.of(authored()))).isEqualTo(AUTHORED);
  }

  @Test
  void failingBothTheIssuedTimeIsUsed() {
    Observation o = score(false, true);

    assertThat(OutcomeRecording.takenAt(read(o), Optional.of(new QuestionnaireResponse())))
        .isEqualTo(ISSUED);
  }

  private static OutcomeSubmission read(Observation o) {
    return OutcomeReader.read(o);
  }

  private static Observation score(boolean effective, boolean issued) {
    Observation o = Scores.score("SWEMWBS", "entry", 19, "t1");
    o.setEffective(effective ? new DateTimeType(Date.from(EFFECTIVE)) : null);
    if (issued) {
      o.setIssued(Date.from(ISSUED));
    }
    o.addDerivedFrom(new Reference("QuestionnaireResponse/qr-1"));
    return o;
  }

  private static Resource authored() {
    return new QuestionnaireResponse().setAuthored(Date.from(AUTHORED));
  }
}
