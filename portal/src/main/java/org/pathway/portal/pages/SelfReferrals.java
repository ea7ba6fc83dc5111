package org.pathway.portal.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.events.vocabulary.IdentifierSystems;

/**
 * A person's own referral as the FHIR the adapter's intake reads: a ServiceRequest with the person
 * contained as both subject and requester, their consent to be contacted and, when they asked, a
 * Consent naming their GP practice so it is told. The same intake as any referrer's.
 */
public final class SelfReferrals {

  static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
  static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
  static final String SNOMED = "http://snomed.info/sct";
  static final String SOCIAL_PRESCRIBING = "871731000000106";
  private static final String REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private SelfReferrals() {}

  /**
   * The reference the person is given for the form whose token carried {@code nonce}, e.g. {@code
   * PW-7K3M-9QXD}: the same form sent twice gives the same reference (and so one referral).
   */
  public static String reference(String nonce) {
    byte[] hash = sha256("reference:" + nonce);
    StringBuilder ref = new StringBuilder("PW-");
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        ref.append('-');
      }
      ref.append(REFERENCE_ALPHABET.charAt((hash[i] & 0xff) % REFERENCE_ALPHABET.length()));
    }
    return ref.toString();
  }

  /** The {@code X-Request-ID} for the form whose token carried {@code nonce}. */
  public static String requestId(String nonce) {
    byte[] hash = sha256("request:" + nonce);
    StringBuilder hex = new StringBuilder("self-referral-");
    for (int i = 0; i < 16; i++) {
      hex.append(String.format("%02x", hash[i]));
    }
    return hex.toString();
  }

  /** The referral for {@code person}, made at {@code now}, with {@code reference} as identifier. */
  public static ServiceRequest referral(
      SelfReferralForm.Person person, String reference, Instant now) {
    Patient patient = new Patient();
    patient.setId("person");
    patient
        .addName()
        .setUse(org.hl7.fhir.r4.model.HumanName.NameUse.OFFICIAL)
        .setFamily(person.familyName())
        .addGiven(person.givenName());
    patient.setBirthDate(Date.from(person.birthDate().atStartOfDay(ZoneOffset.UTC).toInstant()));
    patient.getBirthDateElement().setValueAsString(person.birthDate().toString());
    patient.addAddress().setPostalCode(person.postcode());
    if (person.email() != null) {
      ContactPoint email =
          patient
              .addTelecom()
              .setSystem(ContactPoint.ContactPointSystem.EMAIL)
              .setValue(person.email());
      email.setRank("email".equals(person.contactBy()) ? 1 : 2);
    }
    if (person.phone() != null) {
      ContactPoint phone =
          patient
              .addTelecom()
              .setSystem(ContactPoint.ContactPointSystem.PHONE)
              .setValue(person.phone());
      phone.setRank("phone".equals(person.contactBy()) ? 1 : 2);
    }
    if (person.nhsNumber() != null) {
      patient.addIdentifier().setSystem(NHS_NUMBER).setValue(person.nhsNumber());
    }

    ServiceRequest sr = new ServiceRequest();
    sr.addContained(patient);
    sr.addIdentifier(
        new Identifier().setSystem(IdentifierSystems.SELF_REFERRAL).setValue(reference));
    sr.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    sr.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    sr.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
    sr.setCode(
        new CodeableConcept(
            new Coding(SNOMED, SOCIAL_PRESCRIBING, "Referral to social prescribing service")));
    sr.setSubject(new Reference("#person"));
    sr.setRequester(new Reference("#person"));
    sr.setAuthoredOn(Date.from(now));
    sr.addNote().setText(person.matters());

    // They agreed to be contacted about this referral (the form requires it).
    Consent contact = consent("contact", "OPTIN");
    sr.addContained(contact);
    sr.addSupportingInfo(new Reference("#contact"));
    if (person.practice() != null) {
      patient.addGeneralPractitioner(
          new Reference()
              .setType("Organization")
              .setIdentifier(new Identifier().setSystem(ODS).setValue(person.practice())));
      Consent tellGp = consent("tell-gp", "OPTIN");
      tellGp
          .getProvision()
          .addActor()
          .setRole(
              new CodeableConcept(
                  new Coding(
                      "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
          .setReference(
              new Reference()
                  .setIdentifier(new Identifier().setSystem(ODS).setValue(person.practice())));
      sr.addContained(tellGp);
      sr.addSupportingInfo(new Reference("#tell-gp"));
    }
    return sr;
  }

  private static Consent consent(String id, String policy) {
    Consent c = new Consent();
    c.setId(id);
    c.setStatus(Consent.ConsentState.ACTIVE);
    c.setScope(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
    c.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)));
    c.setPatient(new Reference("#person"));
    c.setPolicyRule(
        new CodeableConcept(
            new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", policy, null)));
    c.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    return c;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
