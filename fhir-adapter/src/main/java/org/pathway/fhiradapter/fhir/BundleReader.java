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
 * Takes a referral out of a transaction Bundle (or, for {@link BarsMessage}, a message Bundle):
 * exactly one ServiceRequest, the resources it may reference, and the ones kept beside it.
 */
public final class BundleReader {

  static final Set<String> REFERENCED_ONLY =
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

  private static Contents contents(Bundle bundle, String focus) {
    return contents(bundle, focus, KEPT);
  }

  /**
   * The ServiceRequest ({@code focus}, or the only one), every resource by fullUrl, and the
   * resources of the {@code kept} types to store beside it; any other type is refused by name.
   */
  static Contents contents(Bundle bundle, String focus, Set<String> kept) {
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
      } else if (kept.contains(type)) {
        supporting.add(r);
      } else if (!REFERENCED_ONLY.contains(type) && !(r instanceof MessageHeader && i == 0)) {
        // Naming what is accepted tells the sender what to leave out.
        throw reject(
            "Bundle.entry[" + i + "].resource",
            IssueType.NOTSUPPORTED,
            type
                + " is not accepted in a referral Bundle (accepted: "
                + String.join(", ", new java.util.TreeSet<>(kept))
                + ", and "
                + String.join(", ", new java.util.TreeSet<>(REFERENCED_ONLY))
                + " to resolve references)");
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
