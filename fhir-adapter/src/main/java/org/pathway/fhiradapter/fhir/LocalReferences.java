package org.pathway.fhiradapter.fhir;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Points the references between resources of one Bundle ({@code urn:uuid:...} fullUrls) at the ids
 * the ledger stored them under, as a FHIR server does for a transaction, so the stored context of a
 * referral still hangs together ({@code Encounter.subject} is the stored Patient). A Bundle-local
 * reference to something the ledger does not keep becomes a {@link LogicalReference}.
 */
public final class LocalReferences {

  private LocalReferences() {}

  /**
   * Rewrites every reference in {@code element} (and below it) found in {@code stored} (fullUrl to
   * {@code Type/id}); any other {@code urn:} reference, which would point nowhere once stored, is
   * made logical from its entry in {@code bundled} (fullUrl to resource), if there is one. Returns
   * every literal reference the element holds afterwards, from the same walk.
   */
  public static Set<String> rewrite(
      Base element, Map<String, String> stored, Map<String, Resource> bundled) {
    Set<String> found = new HashSet<>();
    walk(element, stored, bundled, found);
    return found;
  }

  /** Every literal reference in {@code element} and below it. */
  public static Set<String> in(Base element) {
    Set<String> found = new HashSet<>();
    walk(element, null, null, found);
    return found;
  }

  private static void walk(
      Base element, Map<String, String> stored, Map<String, Resource> bundled, Set<String> found) {
    if (element == null || element.isPrimitive()) {
      return;
    }
    if (element instanceof Reference ref && ref.hasReference()) {
      String at = ref.getReference();
      if (stored != null && stored.containsKey(at)) {
        ref.setReference(stored.get(at));
      } else if (stored != null && at.startsWith("urn:")) {
        LogicalReference.make(ref, bundled.get(at));
      }
      if (ref.hasReference()) {
        found.add(ref.getReference());
      }
    }
    for (Property p : element.children()) {
      for (Base value : p.getValues()) {
        walk(value, stored, bundled, found);
      }
    }
  }
}
