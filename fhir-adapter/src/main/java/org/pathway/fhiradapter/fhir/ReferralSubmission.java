package org.pathway.fhiradapter.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.events.avro.ReferralSource;

/**
 * A referral that passed the structural and business checks, ready for the ledger.
 *
 * @param serviceRequest the ServiceRequest, narrative stripped
 * @param patient the subject; a new resource unless {@code existingPatientId} is set
 * @param existingPatientId the id of a Patient the ledger already holds, or null
 * @param nhsNumber the subject's validated NHS number
 * @param identifierSystem the business identifier's system (idempotency key, with the value)
 * @param identifierValue the business identifier's value
 * @param requesterRef the requester as a search token ({@code Type/id} or {@code system|value})
 * @param requesterDisplay who asked, for events
 * @param practiceOdsCode the referring practice's ODS code, when known
 * @param source who referred
 * @param basedOnReferralId for an onward referral, the referral it continues; else null
 * @param ownerRef the performer, who will own the Task; null until the router decides
 * @param ownerDisplay the performer's display
 * @param supporting other resources sent with it, kept as its context (Consent,
 *     QuestionnaireResponse; a BaRS message's Encounter, Conditions, Flags...)
 * @param bundled every resource of the Bundle it came in, by fullUrl (empty for a plain POST), so
 *     the ledger can point references between them at what it stored
 * @param person what intake learnt of the person beyond the Patient itself
 */
public record ReferralSubmission(
    ServiceRequest serviceRequest,
    Patient patient,
    String existingPatientId,
    String nhsNumber,
    String identifierSystem,
    String identifierValue,
    String requesterRef,
    String requesterDisplay,
    String practiceOdsCode,
    ReferralSource source,
    String basedOnReferralId,
    String ownerRef,
    String ownerDisplay,
    List<Resource> supporting,
    java.util.Map<String, Resource> bundled,
    Person person) {

  public ReferralSubmission {
    supporting = List.copyOf(supporting);
    bundled = java.util.Map.copyOf(bundled);
  }

  /**
   * What intake learnt of the person.
   *
   * @param identityUnverified true when identified by name, date of birth and postcode, not an NHS
   *     number
   * @param gpPracticeOdsCode the ODS code of their own GP practice ({@code
   *     Patient.generalPractitioner}), or null
   * @param guardian for a child under 16, the parent or guardian contact who is told instead of
   *     them; else null
   */
  public record Person(
      boolean identityUnverified, String gpPracticeOdsCode, Patient.ContactComponent guardian) {}

  /** True for a link worker's onward referral to a group ({@code intent = filler-order}). */
  public boolean isOnward() {
    return basedOnReferralId != null;
  }
}
