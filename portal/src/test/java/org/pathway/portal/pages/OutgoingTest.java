package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.CodeSystems;

class OutgoingTest {

  private static Task task() {
    Task t = new Task();
    t.setId("t1");
    t.setFocus(new Reference("ServiceRequest/sr1"));
    t.setFor(new Reference("Patient/p1"));
    t.setOwner(new Reference("HealthcareService/lw-east").setDisplay("East link workers"));
    return t;
  }

  private static Answer score(String instrument, String timing, String value) throws Exception {
    return Answer.parse(
        Map.of(
            "action",
            "score",
            "version",
            "1",
            "answer",
            "0123456789abcdef",
            "instrument",
            instrument,
            "timing",
            timing,
            "score",
            value));
  }

  @Test
  void aScoreIsTheObservationTheOutcomeApiReads() throws Exception {
    Observation o =
        Outgoing.score(
            score("SWEMWBS", "entry", "19"), task(), Instant.parse("2026-12-03T10:00:00Z"));
    assertThat(o.getCode().getCodingFirstRep().getSystem())
        .isEqualTo(CodeSystems.WELLBEING_INSTRUMENT);
    assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("entry");
    assertThat(((IntegerType) o.getValue()).getValue()).isEqualTo(19);
    assertThat(o.getFocusFirstRep().getReference()).isEqualTo("Task/t1");
    assertThat(o.getSubject().getReference()).isEqualTo("Patient/p1");
    assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
  }

  @Test
  void refusesAScoreOutsideTheInstrumentsRange() {
    assertThatThrownBy(() -> Outgoing.score(score("SWEMWBS", "entry", "36"), task(), Instant.now()))
        .hasMessage("problem.score");
    assertThatThrownBy(() -> Outgoing.score(score("PHQ9", "entry", "10"), task(), Instant.now()))
        .hasMessage("problem.instrument");
    assertThatThrownBy(() -> Outgoing.score(score("ONS4", "interim", "5"), task(), Instant.now()))
        .hasMessage("problem.timing");
  }

  @Test
  void anOnwardReferralIsAFillerOrderBasedOnTheOriginal() {
    HealthcareService group = new HealthcareService().setName("Walk and talk");
    group.setId("walk-and-talk");
    ServiceRequest onward = Outgoing.onward(task(), group, "portal-abc");
    assertThat(onward.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    assertThat(onward.getBasedOnFirstRep().getReference()).isEqualTo("ServiceRequest/sr1");
    assertThat(onward.getPerformerFirstRep().getReference())
        .isEqualTo("HealthcareService/walk-and-talk");
    assertThat(onward.getRequester().getReference()).isEqualTo("HealthcareService/lw-east");
    assertThat(onward.getCode().getText()).as("the directory's words").isEqualTo("Walk and talk");
    assertThat(onward.getIdentifierFirstRep().getValue()).isEqualTo("portal-abc");
  }

  @Test
  void aRequestPassedOnKeepsItsOwnWordsAndIsBasedOnTheRequestTheHolderWasGiven() {
    HealthcareService volunteer = new HealthcareService().setName("Amina (volunteer)");
    volunteer.setId("volunteer-amina");
    ServiceRequest held = new ServiceRequest();
    held.getCode().setText("Collect a prescription and drop it round");

    ServiceRequest onward = Outgoing.passedOn(task(), held, volunteer, "portal-xyz");

    assertThat(onward.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    assertThat(onward.getBasedOnFirstRep().getReference()).isEqualTo("ServiceRequest/sr1");
    assertThat(onward.getSubject().getReference()).isEqualTo("Patient/p1");
    assertThat(onward.getPerformerFirstRep().getReference())
        .isEqualTo("HealthcareService/volunteer-amina");
    assertThat(onward.getCode().getText()).isEqualTo("Collect a prescription and drop it round");
    // without the request's words, the receiver's name stands in
    assertThat(Outgoing.passedOn(task(), null, volunteer, "portal-xyz").getCode().getText())
        .isEqualTo("Amina (volunteer)");
  }
}
