package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;

/** The published ValueSet is the list the ledger checks, SNOMED CT where it has the concept. */
class DeclineReasonValueSetTest {

  @Test
  void holdsEveryDeclineReasonWithItsSystemAndWhoMayGiveIt() {
    var vs = DeclineReasonValueSet.valueSet();
    assertThat(vs.getUrl()).isEqualTo(DeclineReasons.VALUE_SET);
    assertThat(vs.getIdElement().getIdPart()).isEqualTo("decline-reason");
    assertThat(vs.getExpansion().getContains()).hasSize(DeclineReasons.all().size());
    assertThat(vs.getExpansion().getContains())
        .anyMatch(
            c ->
                "http://snomed.info/sct".equals(c.getSystem())
                    && "871711000000103".equals(c.getCode()))
        .anyMatch(
            c ->
                CodeSystems.DECLINE_REASON.equals(c.getSystem())
                    && "no-capacity".equals(c.getCode()));
    var groupOnly =
        vs.getCompose().getInclude().stream()
            .flatMap(i -> i.getConcept().stream())
            .filter(c -> "not-suitable".equals(c.getCode()))
            .findFirst()
            .orElseThrow();
    assertThat(
            groupOnly.getExtensionByUrl(DeclineReasonValueSet.GIVEN_BY).getValue().primitiveValue())
        .isEqualTo("group");
  }
}
