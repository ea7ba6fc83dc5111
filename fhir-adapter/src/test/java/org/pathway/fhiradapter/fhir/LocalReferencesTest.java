package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** References between a Bundle's entries, pointed at where the ledger stored them. */
class LocalReferencesTest {

  @Test
  void rewritesBundleLocalReferencesAtAnyDepthAndReturnsEveryReferenceHeldAfterwards() {
    // given: a referral naming its Patient, a Condition and its author by Bundle-local fullUrls,
    // and an Organization by a literal reference the Bundle does not hold
    var sr = new ServiceRequest();
    sr.setSubject(new Reference("urn:uuid:p"));
    sr.addReasonReference(new Reference("urn:uuid:c"));
    sr.addNote(new Annotation().setAuthor(new Reference("urn:uuid:p")).setText("lives alone"));
    sr.setRequester(new Reference("Organization/A81001"));

    // when
    var held =
        LocalReferences.rewrite(
            sr, Map.of("urn:uuid:p", "Patient/7", "urn:uuid:c", "Condition/9"), Map.of());

    // then
    assertThat(sr.getSubject().getReference()).isEqualTo("Patient/7");
    assertThat(sr.getReasonReferenceFirstRep().getReference()).isEqualTo("Condition/9");
    assertThat(((Reference) sr.getNoteFirstRep().getAuthor()).getReference())
        .isEqualTo("Patient/7");
    assertThat(sr.getRequester().getReference()).isEqualTo("Organization/A81001");
    assertThat(held).containsExactlyInAnyOrder("Patient/7", "Condition/9", "Organization/A81001");
    assertThat(LocalReferences.in(sr)).isEqualTo(held);
  }

  @Test
  void aReferenceToAnEntryThatIsNotKeptBecomesWhoItWas() {
    // given: a questionnaire response kept with the referral, authored by the practice, which was
    // sent as an entry of the Bundle only to say who referred
    var practice = new Organization().setName("Hyde Park Surgery");
    var answers = new QuestionnaireResponse().setAuthor(new Reference("urn:uuid:org"));
    answers.setSubject(new Reference("urn:uuid:elsewhere"));

    // when
    var held = LocalReferences.rewrite(answers, Map.of(), Map.of("urn:uuid:org", practice));

    // then: no urn is stored to point nowhere
    assertThat(answers.getAuthor().hasReference()).isFalse();
    assertThat(answers.getAuthor().getDisplay()).isEqualTo("Hyde Park Surgery");
    assertThat(answers.getAuthor().getType()).isEqualTo("Organization");
    assertThat(answers.getSubject().hasReference()).isFalse();
    assertThat(held).isEmpty();
  }
}
