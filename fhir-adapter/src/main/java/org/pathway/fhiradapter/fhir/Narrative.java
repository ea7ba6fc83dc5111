package org.pathway.fhiradapter.fhir;

import java.util.Locale;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Narrative on ingest. Pathway never renders a sender's XHTML: it is stripped, so no markup reaches
 * a later reader (S6). Narrative with active content (script, event handlers, {@code javascript:}
 * links) breaks FHIR's own rules (txt-1, txt-2) and is refused outright, since a sender producing
 * it is compromised or broken.
 */
public final class Narrative {

  private static final Pattern ACTIVE =
      Pattern.compile(
          "<\\s*(script|iframe|object|embed|form|style)\\b|javascript\\s*:|\\son[a-z]+\\s*=",
          Pattern.CASE_INSENSITIVE);

  private Narrative() {}

  /**
   * Refuses (malformed) a resource whose narrative, or a contained or entry resource's, is active.
   */
  public static void refuseActiveContent(Resource resource) {
    if (resource instanceof DomainResource domain) {
      if (domain.hasText() && domain.getText().hasDiv()) {
        String div = domain.getText().getDivAsString();
        if (div != null && ACTIVE.matcher(div.toLowerCase(Locale.ROOT)).find()) {
          throw new RequestRejectedException(
              RequestRejectedException.Reason.MALFORMED,
              new Issue(
                  IssueType.SECURITY,
                  resource.fhirType() + ".text.div",
                  "narrative contains active content (script, event handler or javascript: link)"));
        }
      }
      domain.getContained().forEach(Narrative::refuseActiveContent);
    }
    if (resource instanceof Bundle bundle) {
      bundle.getEntry().stream()
          .filter(Bundle.BundleEntryComponent::hasResource)
          .forEach(e -> refuseActiveContent(e.getResource()));
    }
  }

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
