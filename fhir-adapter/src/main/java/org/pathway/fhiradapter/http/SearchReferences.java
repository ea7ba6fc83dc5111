package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.param.ReferenceParam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.RequestRejectedException;

/** Reference search parameters as the ledger stores references: {@code Type/id}. */
final class SearchReferences {

  private SearchReferences() {}

  /**
   * {@code p} as {@code Type/id} (without a version), {@code defaultType} when the parameter names
   * none; null when not given; refused, naming {@code name}, when it names no id ({@code Task/}).
   */
  static String typed(ReferenceParam p, String defaultType, String name) {
    if (p == null) {
      return null;
    }
    String value = p.getValue();
    IdType id =
        value.contains("/")
            ? new IdType(value).toUnqualifiedVersionless()
            : new IdType(
                p.getResourceType() != null ? p.getResourceType() : defaultType, p.getIdPart());
    if (!id.hasResourceType() || !id.hasIdPart()) {
      throw new RequestRejectedException(
          RequestRejectedException.Reason.MALFORMED,
          new Issue(
              IssueType.INVALID,
              name,
              name + " must name a resource as Type/id, not '" + value + "'"));
    }
    return id.getValue();
  }
}
