package org.pathway.fhiradapter.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.pathway.events.avro.ReferralSource;

/**
 * The business rules of a referral: business identifier, a subject identified as its referrer may
 * ({@link PersonIdentity}), a requester, the social-prescribing code, status and intent. Every
 * failing rule becomes an issue naming its element; the first failure does not hide the others.
 */
public final class ReferralReader {

  /** SNOMED CT: Referral to social prescribing service. */
  public static final String SOCIAL_PRESCRIBING_CODE = "871731000000106";

  public static final String SNOMED = "http://snomed.info/sct";
  public static final String ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";

  private final Function<String, Optional<Patient>> storedPatients;
  private final ReferralSource callerSource;

  /**
   * A reader for a referral whose source the body says (no authenticated caller: requester a
   * Patient is a self-referral, else a GP).
   *
   * @param storedPatients finds a Patient the ledger already holds, by logical id
   */
  public ReferralReader(Function<String, Optional<Patient>> storedPatients) {
    this(storedPatients, null);
  }

  /**
   * @param storedPatients finds a Patient the ledger already holds, by logical id
   * @param callerSource the source the calling client refers as ({@link ReferrerKinds}), or null to
   *     take it from the body when there is no authenticated caller
   */
  public ReferralReader(
      Function<String, Optional<Patient>> storedPatients, ReferralSource callerSource) {
    this.storedPatients = storedPatients;
    this.callerSource = callerSource;
  }

  /**
   * Checks a ServiceRequest and the resources sent with it.
   *
   * @param sr the ServiceRequest
   * @param bundled resources sent alongside it, by fullUrl (empty for a plain POST)
   * @param supporting Consent, QuestionnaireResponse and the like to keep with the referral
   * @throws RequestRejectedException (invalid) listing every rule that failed
   */
  public ReferralSubmission read(
      ServiceRequest sr, Map<String, Resource> bundled, List<Resource> supporting) {
    return read(sr, bundled, supporting, null);
  }

  /**
   * Checks the referral of a BaRS message ({@link BarsMessage}): as {@link #read}, except that it
   * is identified by the message's key rather than a business identifier, may have intent {@code
   * plan} (BaRS' referral intent) and gets Pathway's code when it has none.
   */
  public ReferralSubmission readBars(BarsMessage m) {
    BarsMessage.mapToService(m.serviceRequest());
    var contents = m.contents();
    return read(m.serviceRequest(), contents.byFullUrl(), contents.supporting(), m.key());
  }

  private ReferralSubmission read(
      ServiceRequest sr,
      Map<String, Resource> bundled,
      List<Resource> supporting,
      Identifier barsKey) {
    List<Issue> issues = new ArrayList<>();
    Narrative.refuseActiveContent(sr);
    supporting.forEach(Narrative::refuseActiveContent);
    bundled.values().forEach(Narrative::refuseActiveContent);
    Narrative.strip(sr);
    supporting.forEach(Narrative::strip);
    bundled.values().forEach(Narrative::strip);

    Identifier identifier =
        barsKey != null
            ? barsKey
            : sr.getIdentifier().stream()
                .filter(i -> i.hasSystem() && i.hasValue())
                .findFirst()
                .orElse(null);
    if (identifier == null) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "ServiceRequest.identifier",
              "a business identifier with system and value is required"));
    } else if (barsKey != null) {
      StoredLengths.check(
          issues, "ServiceRequest.id", barsKey.getValue(), StoredLengths.IDENTIFIER);
    } else {
      String at = "ServiceRequest.identifier[" + sr.getIdentifier().indexOf(identifier) + "]";
      StoredLengths.check(issues, at + ".system", identifier.getSystem(), StoredLengths.IDENTIFIER);
      StoredLengths.check(issues, at + ".value", identifier.getValue(), StoredLengths.IDENTIFIER);
    }

    if (sr.getStatus() != ServiceRequestStatus.ACTIVE) {
      issues.add(
          new Issue(
              IssueType.VALUE,
              "ServiceRequest.status",
              "status must be 'active', was '"
                  + (sr.hasStatus() ? sr.getStatus().toCode() : "")
                  + "'"));
    }
    boolean onward = sr.getIntent() == ServiceRequestIntent.FILLERORDER && barsKey == null;
    boolean barsPlan = barsKey != null && sr.getIntent() == ServiceRequestIntent.PLAN;
    if (sr.getIntent() != ServiceRequestIntent.ORDER && !onward && !barsPlan) {
      issues.add(
          new Issue(
              IssueType.VALUE,
              "ServiceRequest.intent",
              "intent must be 'order' (or 'filler-order' for an onward referral), was '"
                  + (sr.hasIntent() ? sr.getIntent().toCode() : "")
                  + "'"));
    }

    if (!sr.hasCode() || !sr.getCode().hasCoding()) {
      issues.add(new Issue(IssueType.REQUIRED, "ServiceRequest.code", "code is required"));
    } else if (!onward
        && sr.getCode().getCoding().stream()
            .noneMatch(
                c -> SNOMED.equals(c.getSystem()) && SOCIAL_PRESCRIBING_CODE.equals(c.getCode()))) {
      issues.add(
          new Issue(
              IssueType.CODEINVALID,
              "ServiceRequest.code",
              "code must include SNOMED CT "
                  + SOCIAL_PRESCRIBING_CODE
                  + " (Referral to social prescribing service)"));
    }

    String basedOn = null;
    String ownerRef = null;
    String ownerDisplay = null;
    if (onward) {
      basedOn =
          sr.getBasedOn().stream()
              .map(Reference::getReferenceElement)
              .filter(r -> "ServiceRequest".equals(r.getResourceType()) && r.hasIdPart())
              .map(r -> r.getIdPart())
              .findFirst()
              .orElse(null);
      if (basedOn == null) {
        issues.add(
            new Issue(
                IssueType.REQUIRED,
                "ServiceRequest.basedOn",
                "an onward referral must be basedOn the original ServiceRequest"));
      }
      if (!sr.hasPerformer() || !sr.getPerformerFirstRep().hasReference()) {
        issues.add(
            new Issue(
                IssueType.REQUIRED,
                "ServiceRequest.performer",
                "an onward referral must name the group's HealthcareService as performer"));
      }
    }
    boolean localPerformer =
        barsKey != null
            && sr.hasPerformer()
            && !sr.getPerformerFirstRep().getReferenceElement().hasResourceType();
    if (sr.hasPerformer() && !localPerformer) {
      // A BaRS performer that is only an entry of the message is not a service Pathway knows: the
      // router chooses the owner, as for a referral without one.
      Reference p = sr.getPerformerFirstRep();
      ownerRef = tokenOf(p);
      ownerDisplay = p.getDisplay();
      StoredLengths.check(issues, "ServiceRequest.performer[0]", ownerRef, StoredLengths.REFERENCE);
    }
    if (basedOn != null) {
      StoredLengths.check(issues, "ServiceRequest.basedOn", basedOn, StoredLengths.ID);
    }

    Patient patient = null;
    String existingPatientId = null;
    if (!sr.hasSubject()) {
      issues.add(new Issue(IssueType.REQUIRED, "ServiceRequest.subject", "subject is required"));
    } else {
      Reference subject = sr.getSubject();
      Optional<Patient> found = resolvePatient(sr, subject, bundled);
      if (found.isPresent()) {
        patient = found.get();
        if (subject.hasReference() && subject.getReference().startsWith("Patient/")) {
          existingPatientId = subject.getReferenceElement().getIdPart();
        }
      } else if (subject.hasReference()) {
        issues.add(
            new Issue(
                IssueType.NOTFOUND,
                "ServiceRequest.subject",
                "subject reference '"
                    + subject.getReference()
                    + "' does not resolve to a Patient"));
      } else if (subject.hasIdentifier()) {
        patient = new Patient();
        patient.addIdentifier(subject.getIdentifier().copy());
      } else {
        issues.add(
            new Issue(
                IssueType.REQUIRED,
                "ServiceRequest.subject",
                "subject needs a reference or an NHS number identifier"));
      }
      if (patient != null) {
        EthnicCategory.check(patient, "Patient", issues);
      }
    }

    String requesterRef = null;
    String requesterDisplay = null;
    String ods = null;
    ReferralSource source = ReferralSource.GP;
    if (!sr.hasRequester()) {
      issues.add(
          new Issue(IssueType.REQUIRED, "ServiceRequest.requester", "requester is required"));
    } else {
      Reference requester = sr.getRequester();
      Resource target = resolveLocal(sr, requester, bundled);
      if (target == null && isLiteral(requester)) {
        // A literal reference is resolved where Pathway can: a Patient the ledger holds; any other
        // type (an Organization, a Practitioner) stands as given, not assumed to be a GP.
        if ("Patient".equals(requester.getReferenceElement().getResourceType())) {
          target = storedPatients.apply(requester.getReferenceElement().getIdPart()).orElse(null);
        }
      }
      if (requester.hasReference()
          && target == null
          && !requester.hasIdentifier()
          && !(isLiteral(requester)
              && !"Patient".equals(requester.getReferenceElement().getResourceType()))) {
        issues.add(
            new Issue(
                IssueType.NOTFOUND,
                "ServiceRequest.requester",
                "requester reference '"
                    + requester.getReference()
                    + "' does not resolve; send the resource or an identifier (ODS code)"));
      } else if (!requester.hasReference() && !requester.hasIdentifier()) {
        issues.add(
            new Issue(
                IssueType.REQUIRED,
                "ServiceRequest.requester",
                "requester needs a reference or an identifier (ODS code)"));
      } else {
        requesterRef = tokenOf(requester);
        StoredLengths.check(
            issues, "ServiceRequest.requester", requesterRef, StoredLengths.REFERENCE);
        requesterDisplay = requester.getDisplay();
        ods = odsOf(requester, target, bundled);
        if (requesterRef != null && requesterRef.startsWith("urn:") && ods != null) {
          // A Bundle-local requester is searched for by the organisation it acts for.
          requesterRef = ODS_SYSTEM + "|" + ods;
        }
        String type = requester.getType();
        if (type == null && target != null) {
          type = target.fhirType();
        }
        if (type == null && requester.hasReference()) {
          type = requester.getReferenceElement().getResourceType();
        }
        if ("Patient".equals(type) || "RelatedPerson".equals(type)) {
          source = ReferralSource.SELF;
        } else if (type != null
            && !type.equals("Organization")
            && !type.equals("Practitioner")
            && !type.equals("PractitionerRole")) {
          source = ReferralSource.OTHER;
        }
      }
    }
    if (callerSource != null) {
      // Who referred is who the calling client is registered as, never what the body claims.
      source = callerSource;
    }

    String nhs = null;
    boolean unverified = false;
    Patient.ContactComponent guardian = null;
    String personPractice = null;
    if (patient != null) {
      // Onward referrals name a person the ledger already identified at intake.
      nhs = PersonIdentity.nhsNumber(patient, onward ? ReferralSource.OTHER : source, issues);
      unverified =
          nhs == null
              && patient.getIdentifier().stream()
                  .noneMatch(i -> NhsNumber.SYSTEM.equals(i.getSystem()));
      if (!onward) {
        Date at = sr.hasAuthoredOn() ? sr.getAuthoredOn() : new Date();
        guardian = PersonIdentity.guardian(patient, at, issues).orElse(null);
        personPractice = PersonIdentity.gpPractice(patient, bundled);
      }
    }

    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
    if (unverified && existingPatientId == null) {
      PersonIdentity.markUnverified(patient);
    }
    return new ReferralSubmission(
        sr,
        patient,
        existingPatientId,
        nhs,
        identifier.getSystem(),
        identifier.getValue(),
        requesterRef,
        requesterDisplay == null ? requesterRef : requesterDisplay,
        ods,
        source,
        basedOn,
        ownerRef,
        ownerDisplay,
        supporting,
        bundled,
        new ReferralSubmission.Person(
            unverified || PersonIdentity.isUnverified(patient), personPractice, guardian));
  }

  private static boolean isLiteral(Reference ref) {
    return ref.hasReference()
        && !ref.getReference().startsWith("#")
        && !ref.getReference().startsWith("urn:")
        && ref.getReferenceElement().hasResourceType()
        && ref.getReferenceElement().hasIdPart();
  }

  private Optional<Patient> resolvePatient(
      ServiceRequest sr, Reference subject, Map<String, Resource> bundled) {
    if (!subject.hasReference()) {
      return Optional.empty();
    }
    Resource local = resolveLocal(sr, subject, bundled);
    if (local instanceof Patient p && subject.getReference().startsWith("#")) {
      // The contained Patient stays inside the ServiceRequest; the ledger keeps its own copy.
      Patient copy = p.copy();
      copy.setId((String) null);
      return Optional.of(copy);
    }
    if (local instanceof Patient p) {
      return Optional.of(p);
    }
    if (local == null && subject.getReference().startsWith("Patient/")) {
      return storedPatients.apply(subject.getReferenceElement().getIdPart());
    }
    return Optional.empty();
  }

  /** A contained resource ({@code #id}) or one sent in the same Bundle; null otherwise. */
  static Resource resolveLocal(ServiceRequest sr, Reference ref, Map<String, Resource> bundled) {
    if (!ref.hasReference()) {
      return null;
    }
    String r = ref.getReference();
    if (r.startsWith("#")) {
      String id = r.substring(1);
      return sr.getContained().stream()
          .filter(c -> id.equals(c.getIdElement().getIdPart()) || r.equals(c.getId()))
          .findFirst()
          .orElse(null);
    }
    return bundled.get(r);
  }

  /**
   * A reference as a search token: {@code Type/id} for a literal one, else {@code system|value}.
   */
  public static String tokenOf(Reference ref) {
    if (ref.hasReference()
        && !ref.getReference().startsWith("#")
        && !ref.getReference().startsWith("urn:")) {
      return ref.getReferenceElement().toUnqualifiedVersionless().getValue();
    }
    if (ref.hasIdentifier()) {
      return ref.getIdentifier().getSystem() + "|" + ref.getIdentifier().getValue();
    }
    return ref.getReference();
  }

  private static String odsOf(Reference requester, Resource target, Map<String, Resource> bundled) {
    if (requester.hasIdentifier() && ODS_SYSTEM.equals(requester.getIdentifier().getSystem())) {
      return requester.getIdentifier().getValue();
    }
    if (target instanceof Organization org) {
      return org.getIdentifier().stream()
          .filter(i -> ODS_SYSTEM.equals(i.getSystem()))
          .map(Identifier::getValue)
          .findFirst()
          .orElse(null);
    }
    if (target instanceof PractitionerRole role && role.getOrganization().hasIdentifier()) {
      return role.getOrganization().getIdentifier().getValue();
    }
    if (target instanceof PractitionerRole role && role.getOrganization().hasReference()) {
      // A BaRS requester is a PractitionerRole whose Organization is another entry of the Bundle.
      Resource org = bundled.get(role.getOrganization().getReference());
      return org instanceof Organization ? odsOf(new Reference(), org, Map.of()) : null;
    }
    return null;
  }
}
