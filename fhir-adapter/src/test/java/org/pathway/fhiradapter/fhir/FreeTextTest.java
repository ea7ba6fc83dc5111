package org.pathway.fhiradapter.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathway.fhiradapter.support.Fixtures;

class FreeTextTest {

  private final FreeText freeText = new FreeText(Fixtures.FHIR);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<script>alert(1)</script>",
        "hello < SCRIPT src=//x>",
        "click javascript:alert(1)",
        "JavaScript :alert(1)",
        "<img src=x onerror=alert(1)>",
        "\" onmouseover=\"alert(1)",
        "<body onload =x>",
        "<iframe src=//evil>",
        "<svg/onload=alert(1)>",
        "data:text/html;base64,PHNjcmlwdD4="
      })
  void findsActiveContent(String text) {
    assertThat(FreeText.isActive(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Lonely since bereavement; onset=2019, keen on gardening",
        "Prefers mornings: call after 10",
        "score < 20 and mood = low",
        "https://fhir.nhs.uk/Id/nhs-number",
        "Online group preferred; ongoing=yes",
        "Patient/123",
        "Mrs O'Neill"
      })
  void leavesOrdinaryTextAlone(String text) {
    assertThat(FreeText.isActive(text)).isFalse();
  }

  @Test
  void namesTheNoteOfAServiceRequest() {
    var sr = new ServiceRequest();
    sr.addNote(new Annotation().setText("fine"));
    sr.addNote(new Annotation().setText("<script>alert(1)</script>"));
    assertThat(expressions(sr)).containsExactly("ServiceRequest.note[1].text");
  }

  @Test
  void namesReasonTextDisplayAndAContainedPatientsName() {
    var sr = new ServiceRequest();
    sr.addReasonCode(new CodeableConcept().setText("isolated javascript:void(0)"));
    sr.setRequester(new Reference("Organization/1").setDisplay("<b onclick=x>GP</b>"));
    var patient = new Patient();
    patient.addName(new HumanName().setFamily("Smith").addGiven("<script>"));
    sr.addContained(patient);
    assertThat(expressions(sr))
        .containsExactlyInAnyOrder(
            "ServiceRequest.contained[0].name[0].given[0]",
            "ServiceRequest.requester.display",
            "ServiceRequest.reasonCode[0].text");
  }

  @Test
  void namesTaskNotesObservationNotesAndChoiceElements() {
    var task = new Task();
    task.addNote(new Annotation().setText("<img src=x onerror=alert(1)>"));
    assertThat(expressions(task)).containsExactly("Task.note[0].text");
    var obs = new Observation();
    obs.addNote(new Annotation().setText("ok"));
    obs.setValue(new StringType("<script>"));
    obs.addNote(new Annotation().setAuthor(new StringType("javascript:x")).setText("ok"));
    assertThat(expressions(obs))
        .containsExactlyInAnyOrder("Observation.valueString", "Observation.note[1].authorString");
  }

  @Test
  void walksIntoBundleEntries() {
    var patient = new Patient();
    patient.addName(new HumanName().setText("<script>"));
    var bundle = new Bundle();
    bundle.addEntry().setResource(new ServiceRequest());
    bundle.addEntry().setResource(patient);
    assertThat(expressions(bundle)).containsExactly("Bundle.entry[1].resource.name[0].text");
  }

  @Test
  void leavesTheNarrativeToNarrative() {
    var sr = new ServiceRequest();
    sr.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">plain</div>");
    sr.addNote(new Annotation().setText("a plain note"));
    assertThat(freeText.find(sr)).isEmpty();
  }

  @Test
  void namesStringsWithControlCharactersButAllowsTabsAndNewlines() {
    var sr = new ServiceRequest();
    sr.addNote(new Annotation().setText("line one\r\n\tline two"));
    sr.addNote(new Annotation().setText("nul \u0000 here"));
    sr.addNote(new Annotation().setText("bell \u0007"));
    assertThat(expressions(sr))
        .containsExactly("ServiceRequest.note[1].text", "ServiceRequest.note[2].text");
  }

  @Test
  void refusesAsInvalidWithEveryIssue() {
    var task = new Task();
    task.addNote(new Annotation().setText("<script>"));
    task.addNote(new Annotation().setText("javascript:x"));
    assertThatThrownBy(() -> freeText.refuseActiveContent(task))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RequestRejectedException.Reason.INVALID);
              assertThat(e.issues()).hasSize(2);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<script>alert(1)</script>",
        "hello < SCRIPT src=//x>",
        "JavaScript :alert(1)",
        "\" onmouseover=\"alert(1)",
        "<svg/onload=alert(1)>",
        "data:text/html;base64,PHNjcmlwdD4=",
        "nul \u0000 here",
        "bell \u0007"
      })
  void aJsonBodyIsPlainOnlyWhereTheWalkWouldFindNothing(String text) {
    // given a referral whose note the walk refuses, in any element, escaped as JSON escapes it
    var sr = new ServiceRequest();
    sr.addReasonCode(new CodeableConcept().setText("lonely"));
    sr.addNote(new Annotation().setText(text));
    var bundle = new Bundle();
    bundle.addEntry().setResource(sr);
    byte[] json = Fixtures.FHIR.newJsonParser().encodeResourceToString(bundle).getBytes(UTF_8);

    // then the one pass over its text does not call it plain, so the walk runs and refuses it
    assertThat(freeText.find(bundle)).isNotEmpty();
    assertThat(FreeText.onlyPlainStrings(json)).isFalse();
  }

  @Test
  void aReferralOfOrdinaryTextIsPlainAndTheWalkAgrees() {
    for (String fixture : List.of("bench-referral-bundle.json", "referral-transaction.json")) {
      String json = Fixtures.text(fixture);
      assertThat(FreeText.onlyPlainStrings(json.getBytes(UTF_8))).as(fixture).isTrue();
      assertThat(freeText.find(Fixtures.FHIR.newJsonParser().parseResource(json))).isEmpty();
    }
    // tabs and line breaks, a URL and a narrative's markup are plain too
    var sr = new ServiceRequest();
    sr.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><b>x</b></div>");
    sr.addNote(new Annotation().setText("line one\r\n\tline two, see https://example.org/x"));
    byte[] json = Fixtures.FHIR.newJsonParser().encodeResourceToString(sr).getBytes(UTF_8);
    assertThat(FreeText.onlyPlainStrings(json)).isTrue();
    assertThat(freeText.find(sr)).isEmpty();
  }

  @Test
  void aBodyThatIsNotJsonIsNeverPlain() {
    assertThat(FreeText.onlyPlainStrings("{\"note\": [".getBytes(UTF_8))).isFalse();
    assertThat(FreeText.onlyPlainStrings("<ServiceRequest/>".getBytes(UTF_8))).isFalse();
  }

  private java.util.List<String> expressions(org.hl7.fhir.instance.model.api.IBaseResource r) {
    return freeText.find(r).stream().map(Issue::expression).toList();
  }
}
