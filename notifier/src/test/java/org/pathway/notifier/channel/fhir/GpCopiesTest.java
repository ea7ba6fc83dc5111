package org.pathway.notifier.channel.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class GpCopiesTest {

  @Test
  void theGpsObservationsAreAboutThePatientByNhsNumberAndDatedWhenTaken() {
    var observations =
        FhirBackChannelSender.OutcomeObservations.parse(
            "SWEMWBS entry 19 at 2026-09-01T09:30:00Z; SWEMWBS exit 24 at 2026-11-20T14:00:00Z",
            "n-1",
            GpTaskCopy.patient("9434765919"));

    assertThat(observations).hasSize(2);
    Observation entry = observations.get(0);
    assertThat(entry.getSubject().getType()).isEqualTo("Patient");
    assertThat(entry.getSubject().getIdentifier().getSystem())
        .isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
    assertThat(entry.getSubject().getIdentifier().getValue()).isEqualTo("9434765919");
    assertThat(entry.getEffectiveDateTimeType().getValue().toInstant())
        .isEqualTo(Instant.parse("2026-09-01T09:30:00Z"));
    assertThat(observations.get(1).getEffectiveDateTimeType().getValueAsString())
        .isEqualTo("2026-11-20T14:00:00Z");
  }

  @Test
  void aScoreWhoseTimeDidNotTravelIsNotDatedWithTheSendTime() {
    var observations =
        FhirBackChannelSender.OutcomeObservations.parse("SWEMWBS exit 24", "n-2", null);

    assertThat(observations.get(0).hasEffective()).isFalse();
    assertThat(observations.get(0).hasSubject()).isFalse();
  }

  @Test
  void theGpsOwnReferralIsNamedByTheIdentifierItSent() {
    var focus = GpTaskCopy.gpReferral("https://fhir.example-gp.nhs.uk/Id/referral|REF-42");

    assertThat(focus.getType()).isEqualTo("ServiceRequest");
    assertThat(focus.getIdentifier().getSystem())
        .isEqualTo("https://fhir.example-gp.nhs.uk/Id/referral");
    assertThat(focus.getIdentifier().getValue()).isEqualTo("REF-42");
    assertThat(GpTaskCopy.gpReferral(null)).isNull();
    assertThat(GpTaskCopy.gpReferral("no-bar")).isNull();
    assertThat(GpTaskCopy.patient(" ")).isNull();
  }
}
