package org.pathway.fhiradapter.fhir;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.pathway.events.avro.ContactMethod;

/**
 * How, and whether, the person referred may be contacted, as the referral says: their preferred
 * method (UK Core's contact-preference extension, else the telecom they rank first, else the first
 * phone or email given) and their consent (a {@code Consent} sent with the referral). Pure
 * functions, so the rules are tested without a ledger.
 */
public final class PersonContact {

  /** UK Core's extension on Patient saying how the person prefers to be contacted. */
  public static final String UK_CORE_CONTACT_PREFERENCE =
      "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference";

  /** UK Core's code system of preferred contact methods (1 letter, 3 telephone, 4 email, 9 SMS). */
  public static final String UK_CORE_PREFERRED_CONTACT_METHOD =
      "https://fhir.hl7.org.uk/CodeSystem/UKCore-PreferredContactMethod";

  private static final String OPT_IN = "OPTIN";
  private static final String OPT_OUT = "OPTOUT";

  private PersonContact() {}

  /**
   * The person's preferred contact method: what the UK Core extension names, else the system of the
   * telecom ranked first, else phone when a phone number is given, else email when an address is,
   * else unknown.
   */
  public static ContactMethod preference(Patient p) {
    Optional<ContactMethod> stated = ukCorePreference(p);
    if (stated.isPresent()) {
      return stated.get();
    }
    Optional<ContactMethod> ranked =
        p.getTelecom().stream()
            .filter(ContactPoint::hasRank)
            .filter(ContactPoint::hasValue)
            .min(Comparator.comparingInt(ContactPoint::getRank))
            .flatMap(cp -> method(cp.getSystem()));
    if (ranked.isPresent()) {
      return ranked.get();
    }
    if (first(p, ContactPointSystem.PHONE).isPresent()) {
      return ContactMethod.PHONE;
    }
    if (first(p, ContactPointSystem.EMAIL).isPresent()) {
      return ContactMethod.EMAIL;
    }
    return first(p, ContactPointSystem.SMS).isPresent() ? ContactMethod.SMS : ContactMethod.UNKNOWN;
  }

  /** The first phone number given: a phone, else an SMS number. */
  public static String phone(Patient p) {
    return first(p, ContactPointSystem.PHONE)
        .or(() -> first(p, ContactPointSystem.SMS))
        .orElse(null);
  }

  /** The first email address given. */
  public static String email(Patient p) {
    return first(p, ContactPointSystem.EMAIL).orElse(null);
  }

  /**
   * Whether the person agreed to be contacted about this referral, from the Consents sent with it
   * (in the Bundle or contained in the ServiceRequest): false when any refuses (status rejected, a
   * {@code deny} provision or an opt-out policy), true when an active one permits it (a {@code
   * permit} provision or an opt-in policy), null when none says. A refusal wins over a permission:
   * contacting someone who said no is the worse mistake.
   */
  public static Boolean consent(List<Resource> sentWithReferral) {
    List<Consent> consents =
        sentWithReferral.stream()
            .flatMap(r -> r instanceof Consent c ? Stream.of(c) : Stream.empty())
            .toList();
    boolean permitted = false;
    for (Consent c : consents) {
      if (c.getStatus() == ConsentState.REJECTED
          || (c.getStatus() == ConsentState.ACTIVE
              && says(c, ConsentProvisionType.DENY, OPT_OUT))) {
        return false;
      }
      if (c.getStatus() == ConsentState.ACTIVE && says(c, ConsentProvisionType.PERMIT, OPT_IN)) {
        permitted = true;
      }
    }
    return permitted ? Boolean.TRUE : null;
  }

  /**
   * Whether the person lets the GP practice {@code odsCode} be told of this referral: an active
   * Consent sent with it permits, with that practice (by ODS identifier) among its provision's
   * actors. Without one, a referral from anyone but the practice itself is not shared with it.
   */
  public static boolean mayTell(List<Resource> sentWithReferral, String odsCode) {
    return sentWithReferral.stream()
        .flatMap(r -> r instanceof Consent c ? Stream.of(c) : Stream.empty())
        .filter(c -> c.getStatus() == ConsentState.ACTIVE)
        .filter(c -> c.getProvision().getType() == ConsentProvisionType.PERMIT)
        .flatMap(c -> c.getProvision().getActor().stream())
        .map(a -> a.getReference().getIdentifier())
        .anyMatch(
            id ->
                ReferralReader.ODS_SYSTEM.equals(id.getSystem()) && odsCode.equals(id.getValue()));
  }

  private static boolean says(Consent c, ConsentProvisionType type, String policy) {
    if (c.hasProvision() && c.getProvision().hasType()) {
      return c.getProvision().getType() == type;
    }
    CodeableConcept rule = c.getPolicyRule();
    return rule.getCoding().stream().anyMatch(coding -> policy.equals(coding.getCode()));
  }

  private static Optional<ContactMethod> ukCorePreference(Patient p) {
    Extension pref = p.getExtensionByUrl(UK_CORE_CONTACT_PREFERENCE);
    if (pref == null) {
      return Optional.empty();
    }
    Extension method = pref.getExtensionByUrl("PreferredContactMethod");
    if (method == null || !(method.getValue() instanceof CodeableConcept cc)) {
      return Optional.empty();
    }
    return cc.getCoding().stream()
        .filter(c -> UK_CORE_PREFERRED_CONTACT_METHOD.equals(c.getSystem()))
        .findFirst()
        .map(
            c ->
                switch (c.getCode()) {
                  case "1" -> ContactMethod.LETTER;
                  case "3", "5", "6" -> ContactMethod.PHONE;
                  case "4" -> ContactMethod.EMAIL;
                  case "9" -> ContactMethod.SMS;
                  default -> ContactMethod.UNKNOWN;
                });
  }

  private static Optional<ContactMethod> method(ContactPointSystem system) {
    if (system == null) {
      return Optional.empty();
    }
    return switch (system) {
      case PHONE -> Optional.of(ContactMethod.PHONE);
      case SMS -> Optional.of(ContactMethod.SMS);
      case EMAIL -> Optional.of(ContactMethod.EMAIL);
      default -> Optional.empty();
    };
  }

  private static Optional<String> first(Patient p, ContactPointSystem system) {
    return p.getTelecom().stream()
        .filter(cp -> cp.getSystem() == system && cp.hasValue())
        .map(ContactPoint::getValue)
        .findFirst();
  }
}
