package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.support.Fixtures;

/**
 * Optional profile validation with the UK Core package read from {@code ../shared/fhir/uk-core}
 * (relative to the repository root; never copied into it).
 */
class ProfileValidationIT {

  static final String UK_CORE = "../../shared/fhir/uk-core";
  static ProfileValidator validator;

  @BeforeAll
  static void load() {
    validator = new ProfileValidator(FhirContext.forR4(), UK_CORE);
  }

  @Test
  void acceptsTheReferralFixtureClaimingUkCoreServiceRequest() {
    ServiceRequest sr = Fixtures.referral();
    sr.getMeta().addProfile("https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest");

    assertThat(validator.validate(sr)).isEmpty();
  }

  @Test
  void refusesAPatientThatBreaksItsClaimedUkCoreProfile() {
    Patient p = new Patient();
    p.getMeta().addProfile("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient");
    p.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue("9434765919");
    p.addName().setFamily("Leyland");
    // Patient.communication.language is 1..1: a communication without one breaks the profile.
    p.addCommunication().setPreferred(true);

    assertThat(validator.validate(p)).isNotEmpty();
  }
}
