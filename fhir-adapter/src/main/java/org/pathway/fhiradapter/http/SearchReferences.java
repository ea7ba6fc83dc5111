package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.param.ReferenceParam;
import org.hl7.fhir.r4.model.IdType;

/** Reference search parameters as the ledger stores references: {@code Type/id}. */
final class SearchReferences {

  private SearchReferences() {}

  /**
   * {@code p} as {@code Type/id} (without a version), {@code defaultType} when the parameter names
   * none; null when not given.
   */
  static String typed(ReferenceParam p, String defaultType) {
    if (p == null) {
      return null;
    }
    String value = p.getValue();
    if (value.contains("/")) {
      return new IdType(value).toUnqualifiedVersionless().getValue();
    }
    return (p.getResourceType() != null ? p.getResourceType() : defaultType) + "/" + p.getIdPart();
  }
}
