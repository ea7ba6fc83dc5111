package org.pathway.fhiradapter.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.pathway.events.vocabulary.IdentifierSystems;

/**
 * A BaRS (NHS Booking and Referral Standard) message Bundle as NHS senders produce it, read into
 * what Pathway does with it: a new referral with its supporting resources, or the cancellation of
 * one it holds. Anything else BaRS can say (a validation request, a booking, an update other than a
 * cancellation, an unknown event) is refused naming the element that says it.
 *
 * @param reason {@code new} or {@code update} ({@code MessageHeader.reason})
 * @param senderOrganization the sender's ODS code ({@code MessageHeader.sender})
 * @param key the referral's idempotency key: the sender's ServiceRequest id, scoped by sender
 * @param contents the ServiceRequest, every entry by fullUrl, and the context to keep
 */
public record BarsMessage(
    Reason reason, String senderOrganization, Identifier key, BundleReader.Contents contents) {

  /** {@code MessageHeader.eventCoding} system. */
  public static final String EVENT_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-events-bars";

  /** The BaRS message event of a referral request (new or update). */
  public static final String REFERRAL_EVENT = "servicerequest-request";

  /** {@code MessageHeader.reason} system: {@code new} or {@code update}. */
  public static final String REASON_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-reason-bars";

  /** {@code ServiceRequest.category} system: what style of request (referral, validation...). */
  public static final String CATEGORY_SYSTEM =
      "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest";

  /** BaRS use-case categories beside the category; they say nothing about a social need. */
  public static final String USE_CASE_SYSTEM =
      "https://fhir.nhs.uk/CodeSystem/usecases-categories-bars";

  /** The one BaRS category Pathway serves: a referral (transfer of care). */
  public static final String REFERRAL_CATEGORY = "referral";

  /**
   * What may come with a BaRS referral and is kept as its context: the clinical and administrative
   * resources BaRS senders attach, each stored against the referral.
   */
  public static final Set<String> CONTEXT_TYPES =
      Set.of(
          "Encounter",
          "CarePlan",
          "Observation",
          "Condition",
          "MedicationStatement",
          "AllergyIntolerance",
          "Flag",
          "Consent",
          "QuestionnaireResponse",
          "Practitioner",
          "PractitionerRole",
          "Organization",
          "HealthcareService",
          "Location",
          "Task");

  /** What the message asks. */
  public enum Reason {
    /** A referral the receiver does not hold yet. */
    NEW,
    /** A change to one it holds; Pathway understands only its cancellation. */
    UPDATE
  }

  /** True for an update that revokes the referral. */
  public boolean isCancellation() {
    return reason == Reason.UPDATE;
  }

  /** The referral's ServiceRequest as sent. */
  public ServiceRequest serviceRequest() {
    return contents.serviceRequest();
  }

  /**
   * Reads a message Bundle.
   *
   * @throws RequestRejectedException (invalid) naming each element that makes it something other
   *     than a BaRS referral or its cancellation
   */
  public static BarsMessage read(Bundle bundle) {
    if (bundle.getType() != BundleType.MESSAGE) {
      throw reject("Bundle.type", IssueType.VALUE, "Bundle.type must be 'message'");
    }
    if (!bundle.hasEntry() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader)) {
      throw reject(
          "Bundle.entry[0].resource",
          IssueType.STRUCTURE,
          "the first entry of a message Bundle must be a MessageHeader");
    }
    var header = (MessageHeader) bundle.getEntryFirstRep().getResource();
    Coding event = header.hasEventCoding() ? header.getEventCoding() : new Coding();
    if (!REFERRAL_EVENT.equals(event.getCode())
        || (event.hasSystem() && !EVENT_SYSTEM.equals(event.getSystem()))) {
      throw reject(
          "MessageHeader.event",
          IssueType.NOTSUPPORTED,
          "Pathway receives BaRS referrals only (event "
              + EVENT_SYSTEM
              + "|"
              + REFERRAL_EVENT
              + "); '"
              + Issue.echo(event.getCode())
              + "' is not a message it accepts");
    }
    Reason reason = reason(header);
    String focus = header.getFocusFirstRep().getReference();
    if (focus == null) {
      throw reject(
          "MessageHeader.focus",
          IssueType.REQUIRED,
          "MessageHeader.focus must reference the ServiceRequest entry");
    }
    // A cancellation may repeat the context it was sent with; only a new referral's is kept.
    var contents = BundleReader.contents(bundle, focus, CONTEXT_TYPES);
    ServiceRequest sr = contents.serviceRequest();
    List<Issue> issues = new ArrayList<>();
    checkCategory(sr, issues);
    if (reason == Reason.UPDATE && sr.getStatus() != ServiceRequestStatus.REVOKED) {
      issues.add(
          new Issue(
              IssueType.NOTSUPPORTED,
              "ServiceRequest.status",
              "an update is understood only as a cancellation: ServiceRequest.status 'revoked', was '"
                  + (sr.hasStatus() ? sr.getStatus().toCode() : "")
                  + "'"));
    }
    String sender = senderOf(header, contents, issues);
    String id = serviceRequestId(sr, focus);
    if (id == null) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "ServiceRequest.id",
              "the ServiceRequest needs an id (or a urn:uuid fullUrl): BaRS identifies a referral"
                  + " by it"));
    }
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
    return new BarsMessage(reason, sender, key(sender, id), contents);
  }

  /**
   * The idempotency key of a BaRS referral. BaRS ServiceRequests carry no business identifier: the
   * sender names the referral by the ServiceRequest's id, which it keeps across the referral's
   * messages (a cancellation repeats it). That id is unique only within the sender's system, so it
   * is scoped by the sender's ODS code; the ledger scopes it again by the calling client. A repeat
   * of the same referral, or its cancellation, finds the same key; another sender cannot reach it.
   */
  static Identifier key(String senderOrganization, String serviceRequestId) {
    return new Identifier()
        .setSystem(IdentifierSystems.BARS_REFERRAL)
        .setValue(senderOrganization + ":" + serviceRequestId);
  }

  /**
   * Pathway's service for a BaRS category: a BaRS {@code referral} is a referral to social
   * prescribing (SNOMED CT 871731000000106), triaged to a link-worker service like any other; a
   * ServiceRequest without a code gets that code, so it is stored and routed as Pathway's own.
   */
  public static void mapToService(ServiceRequest sr) {
    if (!sr.hasCode() || !sr.getCode().hasCoding()) {
      sr.setCode(
          new CodeableConcept(
              new Coding(
                  ReferralReader.SNOMED,
                  ReferralReader.SOCIAL_PRESCRIBING_CODE,
                  "Referral to social prescribing service")));
    }
  }

  /** True for a category coding of BaRS' own, which names the style of request, not a need. */
  public static boolean isBarsCategory(Coding c) {
    return CATEGORY_SYSTEM.equals(c.getSystem()) || USE_CASE_SYSTEM.equals(c.getSystem());
  }

  private static Reason reason(MessageHeader header) {
    Optional<Coding> coding =
        header.getReason().getCoding().stream()
            .filter(c -> REASON_SYSTEM.equals(c.getSystem()) || !c.hasSystem())
            .findFirst();
    if (!header.hasReason()) {
      // BaRS makes the reason mandatory; a sender that leaves it out means a new referral, as
      // Pathway's message intake always understood it.
      return Reason.NEW;
    }
    String code = coding.map(Coding::getCode).orElse(null);
    if ("new".equals(code)) {
      return Reason.NEW;
    }
    if ("update".equals(code)) {
      return Reason.UPDATE;
    }
    throw reject(
        "MessageHeader.reason",
        IssueType.CODEINVALID,
        "MessageHeader.reason must be 'new' or 'update' of " + REASON_SYSTEM);
  }

  private static void checkCategory(ServiceRequest sr, List<Issue> issues) {
    for (int i = 0; i < sr.getCategory().size(); i++) {
      for (Coding c : sr.getCategory().get(i).getCoding()) {
        if (CATEGORY_SYSTEM.equals(c.getSystem()) && !REFERRAL_CATEGORY.equals(c.getCode())) {
          issues.add(
              new Issue(
                  IssueType.NOTSUPPORTED,
                  "ServiceRequest.category[" + i + "]",
                  "Pathway receives referrals only (category '"
                      + REFERRAL_CATEGORY
                      + "'); a '"
                      + Issue.echo(c.getCode())
                      + "' request is not something it offers"));
        }
      }
    }
  }

  /** The sender's ODS code: an identifier on the header, or on the Organization it references. */
  private static String senderOf(
      MessageHeader header, BundleReader.Contents contents, List<Issue> issues) {
    Reference sender = header.getSender();
    if (sender.hasIdentifier()
        && ReferralReader.ODS_SYSTEM.equals(sender.getIdentifier().getSystem())
        && sender.getIdentifier().hasValue()) {
      return sender.getIdentifier().getValue();
    }
    Resource target =
        sender.hasReference() ? contents.byFullUrl().get(sender.getReference()) : null;
    if (target instanceof Organization org) {
      var ods =
          org.getIdentifier().stream()
              .filter(i -> ReferralReader.ODS_SYSTEM.equals(i.getSystem()) && i.hasValue())
              .findFirst();
      if (ods.isPresent()) {
        return ods.get().getValue();
      }
    }
    issues.add(
        new Issue(
            IssueType.REQUIRED,
            "MessageHeader.sender",
            "the sender must be named by ODS code ("
                + ReferralReader.ODS_SYSTEM
                + "), on the reference or on the Organization it references"));
    return null;
  }

  /** The ServiceRequest's id as the sender gave it: its id, else the uuid of its fullUrl. */
  private static String serviceRequestId(ServiceRequest sr, String fullUrl) {
    if (sr.getIdElement().hasIdPart() && !sr.getIdElement().getIdPart().startsWith("urn:")) {
      return sr.getIdElement().getIdPart();
    }
    if (fullUrl.startsWith("urn:uuid:")) {
      return fullUrl.substring("urn:uuid:".length());
    }
    return null;
  }

  private static RequestRejectedException reject(String expression, IssueType type, String msg) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.INVALID, new Issue(type, expression, msg));
  }
}
