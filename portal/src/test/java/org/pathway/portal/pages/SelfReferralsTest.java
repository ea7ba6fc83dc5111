package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.IdentifierSystems;

class SelfReferralsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private static SelfReferralForm.Person person(String practice) {
    return new SelfReferralForm.Person(
        "Grace",
        "Okafor",
        LocalDate.of(1961, 7, 14),
        "LS6 1LF",
        "phone",
        "grace@example.org",
        "0113 496 0000",
        "Meeting people",
        practice,
        null);
  }

  @Test
  void theSameFormGivesTheSameReferenceAndRequestId() {
    assertThat(SelfReferrals.reference("abc")).isEqualTo(SelfReferrals.reference("abc"));
    assertThat(SelfReferrals.reference("abc")).matches("PW-[0-9A-Z]{4}-[0-9A-Z]{4}");
    assertThat(SelfReferrals.reference("abc")).isNotEqualTo(SelfReferrals.reference("abd"));
    assertThat(SelfReferrals.requestId("abc")).isEqualTo(SelfReferrals.requestId("abc"));
  }

  @Test
  void makesTheReferralWithThePersonAsSubjectAndRequester() {
    var sr = SelfReferrals.referral(person(null), "PW-AAAA-BBBB", NOW);

    assertThat(sr.getIdentifierFirstRep().getSystem()).isEqualTo(IdentifierSystems.SELF_REFERRAL);
    assertThat(sr.getIdentifierFirstRep().getValue()).isEqualTo("PW-AAAA-BBBB");
    assertThat(sr.getSubject().getReference()).isEqualTo("#person");
    assertThat(sr.getRequester().getReference()).isEqualTo("#person");
    assertThat(sr.getCode().getCodingFirstRep().getCode()).isEqualTo("871731000000106");
    assertThat(sr.getNoteFirstRep().getText()).isEqualTo("Meeting people");
    Patient p = (Patient) sr.getContained().get(0);
    assertThat(p.getBirthDateElement().getValueAsString()).isEqualTo("1961-07-14");
    assertThat(p.getAddressFirstRep().getPostalCode()).isEqualTo("LS6 1LF");
    // the preferred way of contact is ranked first
    assertThat(p.getTelecom())
        .filteredOn(t -> t.getRank() == 1)
        .extracting(ContactPoint::getSystem)
        .containsExactly(ContactPoint.ContactPointSystem.PHONE);
    assertThat(p.hasGeneralPractitioner()).isFalse();
    assertThat(sr.getSupportingInfo())
        .extracting(r -> r.getReference())
        .containsExactly("#contact");
  }

  @Test
  void namesTheGpPracticeWithAConsentOnlyWhenAsked() {
    var sr = SelfReferrals.referral(person("A81001"), "PW-AAAA-BBBB", NOW);

    Patient p = (Patient) sr.getContained().get(0);
    assertThat(p.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("A81001");
    Consent tellGp =
        sr.getContained().stream()
            .filter(r -> r instanceof Consent && r.getIdElement().getIdPart().equals("tell-gp"))
            .map(Consent.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(tellGp.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.PERMIT);
    assertThat(tellGp.getProvision().getActorFirstRep().getReference().getIdentifier().getValue())
        .isEqualTo("A81001");
    assertThat(sr.getSupportingInfo())
        .extracting(r -> r.getReference())
        .containsExactly("#contact", "#tell-gp");
  }
}
