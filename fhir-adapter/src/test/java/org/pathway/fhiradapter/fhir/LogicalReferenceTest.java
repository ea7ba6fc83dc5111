package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** A Bundle entry the ledger does not keep, referred to as who it was. */
class LogicalReferenceTest {

  @Test
  void anOrganizationIsKeptByItsOdsCodeAndName() {
    var practice =
        new Organization()
            .addIdentifier(new Identifier().setSystem("https://example.org/local").setValue("7"))
            .addIdentifier(new Identifier().setSystem(ReferralReader.ODS_SYSTEM).setValue("A81001"))
            .setName("Hyde Park Surgery");
    var ref = new Reference("urn:uuid:b2b7");
    ref.setResource(practice);

    LogicalReference.make(ref, practice);

    assertThat(ref.hasReference()).isFalse();
    assertThat(ref.getResource()).isNull();
    assertThat(ref.getType()).isEqualTo("Organization");
    assertThat(ref.getIdentifier().getValue()).isEqualTo("A81001");
    assertThat(ref.getDisplay()).isEqualTo("Hyde Park Surgery");
  }

  @Test
  void whatTheReferenceItselfSaysWinsOverTheEntry() {
    var role =
        new PractitionerRole()
            .addIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/sds-role-profile-id"))
            .setPractitioner(new Reference().setDisplay("Dr A Patel"));
    var said =
        new Reference("urn:uuid:r1")
            .setIdentifier(new Identifier().setSystem("urn:sds").setValue("555"))
            .setDisplay("Dr Patel, Hyde Park Surgery");
    var unsaid = new Reference("urn:uuid:r1");

    LogicalReference.make(said, role);
    LogicalReference.make(unsaid, role);

    assertThat(said.getType()).isEqualTo("PractitionerRole");
    assertThat(said.getIdentifier().getValue()).isEqualTo("555");
    assertThat(said.getDisplay()).isEqualTo("Dr Patel, Hyde Park Surgery");
    assertThat(unsaid.getDisplay()).isEqualTo("Dr A Patel");
  }
}
