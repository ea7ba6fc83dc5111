package org.pathway.fhiradapter.fhir;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;

/**
 * Points the references between resources of one Bundle ({@code urn:uuid:...} fullUrls) at the ids
 * the ledger stored them under, as a FHIR server does for a transaction, so the stored context of a
 * referral still hangs together ({@code Encounter.subject} is the stored Patient).
 */
public final class LocalReferences {

  private LocalReferences() {}

  /**
   * Rewrites every reference in {@code element} (and below it) found in {@code stored} (fullUrl to
   * {@code Type/id}); others are left as they are. Returns every literal reference the element
   * holds afterwards, from the same walk.
   */
  public static Set<String> rewrite(Base element, Map<String, String> stored) {
    Set<String> found = new HashSet<>();
    walk(element, stored, found);
    return found;
  }

  /** Every literal reference in {@code element} and below it. */
  public static Set<String> in(Base element) {
    return rewrite(element, Map.of());
  }

  private static void walk(Base element, Map<String, String> stored, Set<String> found) {
    if (element == null || element.isPrimitive()) {
      return;
    }
    if (element instanceof Reference ref && ref.hasReference()) {
      String to = stored.get(ref.getReference());
      if (to != null) {
        ref.setReference(to);
      }
      found.add(ref.getReference());
    }
    for (Property p : element.children()) {
      for (Base value : p.getValues()) {
        walk(value, stored, found);
      }
    }
  }
}
