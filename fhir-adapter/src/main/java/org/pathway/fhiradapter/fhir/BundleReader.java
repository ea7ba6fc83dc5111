package org.pathway.fhiradapter.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Takes a referral out of a transaction Bundle or a BaRS message Bundle: exactly one
 * ServiceRequest, the resources it may reference, and the ones kept beside it.
 */
public final class BundleReader {

  /** The BaRS message event of a new referral. */
  public static final String BARS_EVENT = "servicerequest-request";

  private static final Set<String> REFERENCED_ONLY =
      Set.of("Patient", "Organization", "Practitioner", "PractitionerRole", "HealthcareService");
  private static final Set<String> KEPT = Set.of("Consent", "QuestionnaireResponse");

  /** What a Bundle held. */
  public record Contents(
      ServiceRequest serviceRequest, Map<String, Resource> byFullUrl, List<Resource> supporting) {}

  private BundleReader() {}

  /** A transaction Bundle of POST entries: Patient, ServiceRequest, optional Consent, QR. */
  public static Contents transaction(Bundle bundle) {
    if (bundle.getType() != BundleType.TRANSACTION) {
      throw reject("Bundle.type", IssueType.VALUE, "Bundle.type must be 'transaction'");
    }
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      BundleEntryComponent e = bundle.getEntry().get(i);
      if (!e.hasRequest() || e.getRequest().getMethod() != HTTPVerb.POST) {
        throw reject(
            "Bundle.entry[" + i + "].request.method",
            IssueType.NOTSUPPORTED,
            "only POST entries are accepted in a referral transaction");
      }
    }
    return contents(bundle, null);
  }

  /** A BaRS message Bundle whose MessageHeader announces {@value #BARS_EVENT}. */
  public static Contents message(Bundle bundle) {
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
    if (!header.hasEventCoding() || !BARS_EVENT.equals(header.getEventCoding().getCode())) {
      throw reject(
          "MessageHeader.event",
          IssueType.NOTSUPPORTED,
          "only the '" + BARS_EVENT + "' message event is supported");
    }
    String focus = header.getFocusFirstRep().getReference();
    return contents(bundle, focus);
  }

  private static Contents contents(Bundle bundle, String focus) {
    Map<String, Resource> byFullUrl = new LinkedHashMap<>();
    List<ServiceRequest> requests = new ArrayList<>();
    List<Resource> supporting = new ArrayList<>();
    List<BundleEntryComponent> entries = bundle.getEntry();
    for (int i = 0; i < entries.size(); i++) {
      BundleEntryComponent e = entries.get(i);
      Resource r = e.getResource();
      if (r == null) {
        throw reject(
            "Bundle.entry[" + i + "].resource", IssueType.REQUIRED, "every entry needs a resource");
      }
      if (e.hasFullUrl()) {
        byFullUrl.put(e.getFullUrl(), r);
      }
      String type = r.fhirType();
      if (r instanceof ServiceRequest sr) {
        if (focus == null || focus.equals(e.getFullUrl())) {
          requests.add(sr);
        }
      } else if (KEPT.contains(type)) {
        supporting.add(r);
      } else if (!REFERENCED_ONLY.contains(type) && !(r instanceof MessageHeader && i == 0)) {
        throw reject(
            "Bundle.entry[" + i + "].resource",
            IssueType.NOTSUPPORTED,
            type + " is not accepted in a referral Bundle");
      }
    }
    if (requests.size() != 1) {
      throw reject(
          "Bundle.entry",
          IssueType.INVARIANT,
          focus != null
              ? "MessageHeader.focus must reference the ServiceRequest entry"
              : "a referral Bundle needs exactly one ServiceRequest, found " + requests.size());
    }
    return new Contents(requests.get(0), byFullUrl, supporting);
  }

  private static RequestRejectedException reject(String expression, IssueType type, String msg) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.INVALID, new Issue(type, expression, msg));
  }
}
