package org.pathway.fhiradapter.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Strips narrative on ingest. Pathway never renders a sender's XHTML, and keeping it would carry
 * script or markup to every later reader (S6); the structured data is what the ledger keeps.
 */
public final class Narrative {

  private Narrative() {}

  /** Removes {@code text} from the resource, its contained resources and Bundle entries. */
  public static void strip(Resource resource) {
    if (resource instanceof DomainResource domain) {
      domain.setText(null);
      domain.getContained().forEach(Narrative::strip);
    }
    if (resource instanceof Bundle bundle) {
      bundle.getEntry().stream()
          .filter(Bundle.BundleEntryComponent::hasResource)
          .forEach(e -> strip(e.getResource()));
    }
  }
}
