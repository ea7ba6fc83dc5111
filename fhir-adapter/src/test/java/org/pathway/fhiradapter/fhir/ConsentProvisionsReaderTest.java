package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ConsentParty;
import org.pathway.events.avro.ConsentState;
import org.pathway.events.vocabulary.CodeSystems;

class ConsentProvisionsReaderTest {

  private static Consent consent(Consent.ConsentState status, ConsentProvisionType type) {
    Consent c = new Consent();
    c.setStatus(status);
    c.getProvision().setType(type);
    return c;
  }

  private static void deny(Consent c, String system, String code) {
    var nested = c.getProvision().addProvision().setType(ConsentProvisionType.DENY);
    nested.addActor().setRole(new CodeableConcept(new Coding(system, code, null)));
  }

  @Test
  void noConsentIsAbsent() {
    var summary = ConsentProvisionsReader.read(List.of(new Patient()));

    assertThat(summary.getState()).isEqualTo(ConsentState.ABSENT);
    assertThat(summary.getDenied()).isEmpty();
  }

  @Test
  void aPermitCarriesTheGroupsAndReferrerItsNestedDeniesName() {
    Consent c = consent(Consent.ConsentState.ACTIVE, ConsentProvisionType.PERMIT);
    deny(c, CodeSystems.SERVICE_KIND, "community-group");
    deny(c, CodeSystems.CLIENT_ROLE, "referrer");

    var summary = ConsentProvisionsReader.read(List.<Resource>of(c));

    assertThat(summary.getState()).isEqualTo(ConsentState.PERMIT);
    assertThat(summary.getDenied())
        .containsExactlyInAnyOrder(ConsentParty.COMMUNITY_GROUP, ConsentParty.REFERRER);
  }

  @Test
  void anOptOutPolicyWithoutProvisionIsADeny() {
    Consent c = new Consent().setStatus(Consent.ConsentState.ACTIVE);
    c.setPolicyRule(new CodeableConcept(new Coding("x", "OPTOUT", null)));

    assertThat(ConsentProvisionsReader.read(List.<Resource>of(c)).getState())
        .isEqualTo(ConsentState.DENY);
  }

  @Test
  void theMostRestrictiveOfSeveralConsentsWins() {
    Consent permit = consent(Consent.ConsentState.ACTIVE, ConsentProvisionType.PERMIT);
    Consent rejected = consent(Consent.ConsentState.REJECTED, ConsentProvisionType.PERMIT);

    var summary = ConsentProvisionsReader.read(List.<Resource>of(permit, rejected));

    assertThat(summary.getState()).isEqualTo(ConsentState.DENY);
  }
}
