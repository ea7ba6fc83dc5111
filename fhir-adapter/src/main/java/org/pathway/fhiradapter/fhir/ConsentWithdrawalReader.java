package org.pathway.fhiradapter.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * What a posted {@code Consent} must be for Pathway to read it as the person withdrawing their
 * consent for one referral, as a pure function: {@code status = inactive}, a {@code scope} of
 * {@code patient-privacy} or {@code treatment} (FHIR R4 consentscope, when given), a {@code
 * patient}, and {@code sourceReference} naming the referral ({@code ServiceRequest/{id}}). Anything
 * else is refused naming the element, so a Consent meaning something else is never taken for a
 * withdrawal.
 */
public final class ConsentWithdrawalReader {

  /** FHIR R4 Consent scope code system. */
  public static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";

  /** The scopes Pathway reads: sharing the person's data, and the social prescribing itself. */
  public static final Set<String> SCOPES = Set.of("patient-privacy", "treatment");

  private ConsentWithdrawalReader() {}

  /**
   * The ledger id of the referral {@code consent} withdraws.
   *
   * @throws RequestRejectedException (invalid) naming every element that is not as described
   */
  public static String referralId(Consent consent) {
    List<Issue> issues = new ArrayList<>();
    if (consent.getStatus() != ConsentState.INACTIVE) {
      issues.add(
          new Issue(
              IssueType.BUSINESSRULE,
              "Consent.status",
              "Pathway accepts a Consent only as a withdrawal: status must be 'inactive', was '"
                  + (consent.hasStatus() ? consent.getStatus().toCode() : "absent")
                  + "'"));
    }
    if (consent.hasScope() && !scoped(consent.getScope())) {
      issues.add(
          new Issue(
              IssueType.CODEINVALID,
              "Consent.scope",
              "scope must be " + CONSENT_SCOPE + " patient-privacy or treatment"));
    }
    if (!consent.hasPatient() || !consent.getPatient().hasReference()) {
      issues.add(
          new Issue(IssueType.REQUIRED, "Consent.patient", "the person whose consent it is"));
    }
    String referralId = null;
    String source =
        consent.hasSourceReference() ? consent.getSourceReference().getReference() : null;
    if (source == null || !source.matches("ServiceRequest/[A-Za-z0-9\\-.]{1,64}")) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Consent.sourceReference",
              "must name the referral the consent was given for: ServiceRequest/{id}"));
    } else {
      referralId = source.substring("ServiceRequest/".length());
    }
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
    return referralId;
  }

  private static boolean scoped(CodeableConcept scope) {
    for (Coding c : scope.getCoding()) {
      if (CONSENT_SCOPE.equals(c.getSystem()) && SCOPES.contains(c.getCode())) {
        return true;
      }
    }
    return false;
  }
}
