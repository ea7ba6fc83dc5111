package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ReferralSource;

class PersonIdentityTest {

  static final Date REFERRED = Date.from(Instant.parse("2026-11-20T09:30:00Z"));

  static Patient person(String birthDate) {
    Patient p = new Patient();
    p.addName().setFamily("Okafor").addGiven("Grace");
    p.setBirthDateElement(new DateType(birthDate));
    p.addAddress().setPostalCode("LS6 1LF");
    return p;
  }

  @Test
  void aGpMustGiveAnNhsNumber() {
    List<Issue> issues = new ArrayList<>();
    assertThat(PersonIdentity.nhsNumber(person("1961-07-14"), ReferralSource.GP, issues)).isNull();
    assertThat(issues).extracting(Issue::expression).containsExactly("Patient.identifier");
  }

  @Test
  void aCouncilMayNameThePersonByNameBirthDateAndPostcodeInstead() {
    List<Issue> issues = new ArrayList<>();
    assertThat(PersonIdentity.nhsNumber(person("1961-07-14"), ReferralSource.COUNCIL, issues))
        .isNull();
    assertThat(issues).isEmpty();
  }

  @Test
  void withoutNhsNumberEachMissingDemographicIsNamed() {
    Patient bare = new Patient();
    List<Issue> issues = new ArrayList<>();
    PersonIdentity.nhsNumber(bare, ReferralSource.POLICE, issues);
    assertThat(issues)
        .extracting(Issue::expression)
        .containsExactly("Patient.name", "Patient.birthDate", "Patient.address.postalCode");
  }

  @Test
  void anNhsNumberGivenIsCheckedWhoeverSendsIt() {
    Patient p = person("1961-07-14");
    p.addIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue("943 476 5919"));
    List<Issue> issues = new ArrayList<>();
    assertThat(PersonIdentity.nhsNumber(p, ReferralSource.SCHOOL, issues)).isEqualTo("9434765919");
    p.getIdentifierFirstRep().setValue("9434765918");
    PersonIdentity.nhsNumber(p, ReferralSource.SCHOOL, issues);
    assertThat(issues).extracting(Issue::expression).containsExactly("Patient.identifier");
  }

  @Test
  void aChildOfFifteenNeedsAGuardianContactAndOneOfSixteenDoesNot() {
    List<Issue> issues = new ArrayList<>();
    // 16 on the day before the referral: no guardian needed
    assertThat(PersonIdentity.guardian(person("2010-11-19"), REFERRED, issues)).isEmpty();
    assertThat(issues).isEmpty();
    // 16 the day after: still 15, and refused without a guardian
    assertThat(PersonIdentity.guardian(person("2010-11-21"), REFERRED, issues)).isEmpty();
    assertThat(issues).extracting(Issue::expression).containsExactly("Patient.contact");
  }

  @Test
  void aGuardianContactNeedsARelationshipAndAPhoneOrEmail() {
    Patient child = person("2012-01-01");
    child.addContact().addTelecom(new ContactPoint().setValue("07700 900111"));
    List<Issue> issues = new ArrayList<>();
    assertThat(PersonIdentity.guardian(child, REFERRED, issues)).isEmpty();
    assertThat(issues).hasSize(1);

    child.getContactFirstRep().addRelationship(new CodeableConcept().setText("father"));
    issues.clear();
    assertThat(PersonIdentity.guardian(child, REFERRED, issues)).isPresent();
    assertThat(issues).isEmpty();
  }

  @Test
  void marksAndRecognisesAnUnverifiedPerson() {
    Patient p = person("1961-07-14");
    assertThat(PersonIdentity.isUnverified(p)).isFalse();
    PersonIdentity.markUnverified(p);
    PersonIdentity.markUnverified(p);
    assertThat(PersonIdentity.isUnverified(p)).isTrue();
    assertThat(p.getExtension()).hasSize(1);
  }
}
