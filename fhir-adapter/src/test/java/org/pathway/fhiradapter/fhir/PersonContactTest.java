package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ContactMethod;

class PersonContactTest {

  @Test
  void takesThePreferredMethodFromUkCoresContactPreference() {
    Patient p = withPhoneAndEmail();
    Extension preference = new Extension(PersonContact.UK_CORE_CONTACT_PREFERENCE);
    preference.addExtension(
        "PreferredContactMethod",
        new CodeableConcept(
            new Coding(PersonContact.UK_CORE_PREFERRED_CONTACT_METHOD, "9", "SMS")));
    p.addExtension(preference);

    assertThat(PersonContact.preference(p)).isEqualTo(ContactMethod.SMS);
  }

  @Test
  void otherwiseTakesTheTelecomRankedFirst() {
    Patient p = withPhoneAndEmail();
    p.getTelecom().get(0).setRank(2);
    p.getTelecom().get(1).setRank(1);

    assertThat(PersonContact.preference(p)).isEqualTo(ContactMethod.EMAIL);
  }

  @Test
  void otherwisePrefersAPhoneAsBefore() {
    assertThat(PersonContact.preference(withPhoneAndEmail())).isEqualTo(ContactMethod.PHONE);
    Patient emailOnly = new Patient();
    emailOnly.addTelecom().setSystem(ContactPointSystem.EMAIL).setValue("a@example.org");
    assertThat(PersonContact.preference(emailOnly)).isEqualTo(ContactMethod.EMAIL);
    assertThat(PersonContact.preference(new Patient())).isEqualTo(ContactMethod.UNKNOWN);
  }

  @Test
  void anSmsNumberIsThePhoneWhenNoOtherIsGiven() {
    Patient p = new Patient();
    p.addTelecom().setSystem(ContactPointSystem.SMS).setValue("+447700900123");
    assertThat(PersonContact.phone(p)).isEqualTo("+447700900123");
    assertThat(PersonContact.preference(p)).isEqualTo(ContactMethod.SMS);
  }

  @Test
  void consentIsGivenByAnActiveOptInOrPermit() {
    assertThat(PersonContact.consent(List.of(optIn()))).isTrue();
    Consent permit = new Consent().setStatus(ConsentState.ACTIVE);
    permit.getProvision().setType(ConsentProvisionType.PERMIT);
    assertThat(PersonContact.consent(List.of(permit))).isTrue();
  }

  @Test
  void consentIsRefusedByADenyAnOptOutOrARejectedConsentEvenBesideAPermit() {
    Consent deny = new Consent().setStatus(ConsentState.ACTIVE);
    deny.getProvision().setType(ConsentProvisionType.DENY);
    Consent optOut = new Consent().setStatus(ConsentState.ACTIVE);
    optOut.getPolicyRule().addCoding().setCode("OPTOUT");
    Consent rejected = new Consent().setStatus(ConsentState.REJECTED);

    assertThat(PersonContact.consent(List.of(optIn(), deny))).isFalse();
    assertThat(PersonContact.consent(List.of(optOut))).isFalse();
    assertThat(PersonContact.consent(List.of(rejected, optIn()))).isFalse();
  }

  @Test
  void noConsentSentIsNoConsent() {
    assertThat(PersonContact.consent(List.of())).isNull();
    assertThat(PersonContact.consent(List.of(new QuestionnaireResponse()))).isNull();
    Consent draft = optIn().setStatus(ConsentState.DRAFT);
    assertThat(PersonContact.consent(List.of(draft))).isNull();
  }

  private static Consent optIn() {
    Consent c = new Consent().setStatus(ConsentState.ACTIVE);
    c.getPolicyRule()
        .addCoding()
        .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
        .setCode("OPTIN");
    return c;
  }

  private static Patient withPhoneAndEmail() {
    Patient p = new Patient();
    p.addTelecom().setSystem(ContactPointSystem.PHONE).setValue("+447700900999");
    p.addTelecom().setSystem(ContactPointSystem.EMAIL).setValue("alex@example.org");
    return p;
  }
}
