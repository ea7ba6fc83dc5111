package org.pathway.notifier.channel.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.junit.jupiter.api.Test;

class StatusReasonTest {

  @Test
  void carriesTheReasonInWordsAndInCode() {
    CodeableConcept reason =
        GpTaskCopy.statusReason(
            "Social prescribing declined (situation)", "http://snomed.info/sct|871711000000103");

    assertThat(reason.getText()).isEqualTo("Social prescribing declined (situation)");
    assertThat(reason.getCodingFirstRep().getSystem()).isEqualTo("http://snomed.info/sct");
    assertThat(reason.getCodingFirstRep().getCode()).isEqualTo("871711000000103");
    assertThat(reason.getCodingFirstRep().getDisplay())
        .isEqualTo("Social prescribing declined (situation)");
  }

  @Test
  void keepsWordsAloneWhenNoCodeCame() {
    CodeableConcept reason = GpTaskCopy.statusReason("No places", null);

    assertThat(reason.getText()).isEqualTo("No places");
    assertThat(reason.hasCoding()).isFalse();
  }

  @Test
  void ignoresACodeWithoutASystem() {
    assertThat(GpTaskCopy.statusReason("x", "871711000000103").hasCoding()).isFalse();
    assertThat(GpTaskCopy.statusReason("x", "sys|").hasCoding()).isFalse();
  }
}
