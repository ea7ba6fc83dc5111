package org.pathway.fhiradapter.fhir;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Patient.ContactComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.pathway.events.avro.ReferralSource;
import org.pathway.events.vocabulary.Extensions;

/**
 * Who the referred person is, as each referrer may say it: a GP identifies them by a valid NHS
 * number; any other referrer may instead give name, date of birth and postcode, and the person is
 * then marked unverified. A child under 16 needs a parent or guardian contact, who is told instead
 * of them. Pure checks: every failing rule adds an issue naming its element.
 */
public final class PersonIdentity {

  /** Below this age a parent or guardian contact is required and is who is told. */
  public static final int GUARDIAN_BELOW_AGE = 16;

  private PersonIdentity() {}

  /**
   * The person's NHS number without spaces, or null when none is given and {@code source} may refer
   * without one (then name, date of birth and postcode are required instead).
   */
  static String nhsNumber(Patient patient, ReferralSource source, List<Issue> issues) {
    String nhs =
        patient.getIdentifier().stream()
            .filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()))
            .map(Identifier::getValue)
            .findFirst()
            .orElse(null);
    if (nhs == null && source == ReferralSource.GP) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Patient.identifier",
              "the subject needs an NHS number (system "
                  + NhsNumber.SYSTEM
                  + "); a GP referral always has one"));
      return null;
    }
    if (nhs == null) {
      requireDemographics(patient, issues);
      return null;
    }
    if (!NhsNumber.isValid(nhs.replace(" ", ""))) {
      issues.add(
          new Issue(
              IssueType.VALUE,
              "Patient.identifier",
              "NHS number '" + Issue.echo(nhs) + "' fails the modulus 11 check"));
      return null;
    }
    return nhs.replace(" ", "");
  }

  private static void requireDemographics(Patient p, List<Issue> issues) {
    var name = p.getNameFirstRep();
    if (!name.hasFamily() || !name.hasGiven()) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Patient.name",
              "without an NHS number the person needs a given and a family name"));
    }
    if (!p.hasBirthDate()) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Patient.birthDate",
              "without an NHS number the person needs a date of birth"));
    }
    String postcode = p.getAddressFirstRep().getPostalCode();
    if (postcode == null || postcode.isBlank()) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Patient.address.postalCode",
              "without an NHS number the person needs a postcode"));
    }
  }

  /** Marks a person identified without an NHS number as not verified against the NHS. */
  static void markUnverified(Patient p) {
    p.getExtension().removeIf(e -> Extensions.IDENTITY_UNVERIFIED.equals(e.getUrl()));
    p.addExtension(Extensions.IDENTITY_UNVERIFIED, new BooleanType(true));
  }

  /** True for a Patient marked unverified ({@link Extensions#IDENTITY_UNVERIFIED}). */
  public static boolean isUnverified(Patient p) {
    return p.getExtension().stream()
        .anyMatch(
            e ->
                Extensions.IDENTITY_UNVERIFIED.equals(e.getUrl())
                    && e.getValue() instanceof BooleanType b
                    && b.booleanValue());
  }

  /**
   * The parent or guardian contact of a person under {@link #GUARDIAN_BELOW_AGE} on {@code at}; an
   * issue when such a person has none with a relationship and a phone or email. Empty for anyone
   * older, or of unknown age.
   */
  static Optional<ContactComponent> guardian(Patient p, Date at, List<Issue> issues) {
    Optional<Integer> age = age(p, at);
    if (age.isEmpty() || age.get() >= GUARDIAN_BELOW_AGE) {
      return Optional.empty();
    }
    Optional<ContactComponent> guardian = guardianContact(p);
    if (guardian.isEmpty()) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Patient.contact",
              "a person under "
                  + GUARDIAN_BELOW_AGE
                  + " needs a parent or guardian contact (Patient.contact with a relationship and"
                  + " a phone or email)"));
    }
    return guardian;
  }

  /** The first contact with a relationship and a phone or email, if any. */
  public static Optional<ContactComponent> guardianContact(Patient p) {
    return p.getContact().stream()
        .filter(ContactComponent::hasRelationship)
        .filter(c -> c.getTelecom().stream().anyMatch(t -> t.hasValue()))
        .findFirst();
  }

  /** Whole years of age on {@code at}, when the date of birth is known. */
  public static Optional<Integer> age(Patient p, Date at) {
    if (!p.hasBirthDate()) {
      return Optional.empty();
    }
    LocalDate birth = p.getBirthDate().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate on = at.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    return Optional.of(Period.between(birth, on).getYears());
  }

  /**
   * The ODS code of the person's own GP practice ({@code Patient.generalPractitioner}): an
   * Organization named by ODS identifier, or one sent with the referral; null when not given.
   */
  static String gpPractice(Patient p, Map<String, Resource> bundled) {
    for (Reference gp : p.getGeneralPractitioner()) {
      if (gp.hasIdentifier() && ReferralReader.ODS_SYSTEM.equals(gp.getIdentifier().getSystem())) {
        return gp.getIdentifier().getValue();
      }
      Resource target = gp.hasReference() ? bundled.get(gp.getReference()) : null;
      if (target == null && gp.getResource() instanceof Resource contained) {
        target = contained;
      }
      if (target instanceof Organization org) {
        var ods =
            org.getIdentifier().stream()
                .filter(i -> ReferralReader.ODS_SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue)
                .findFirst();
        if (ods.isPresent()) {
          return ods.get();
        }
      }
    }
    return null;
  }
}
