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
   * {@code Type/id}); others are left as they are.
   */
  public static void rewrite(Base element, Map<String, String> stored) {
    if (element == null || element.isPrimitive()) {
      return;
    }
    if (element instanceof Reference ref
        && ref.hasReference()
        && stored.containsKey(ref.getReference())) {
      ref.setReference(stored.get(ref.getReference()));
    }
    for (Property p : element.children()) {
      if (p.hasValues()) {
        for (Base value : p.getValues()) {
          rewrite(value, stored);
        }
      }
    }
  }

  /** Every literal reference in {@code element} and below it. */
  public static Set<String> in(Base element) {
    Set<String> found = new HashSet<>();
    collect(element, found);
    return found;
  }

  private static void collect(Base element, Set<String> into) {
    if (element == null || element.isPrimitive()) {
      return;
    }
    if (element instanceof Reference ref && ref.hasReference()) {
      into.add(ref.getReference());
    }
    for (Property p : element.children()) {
      for (Base value : p.getValues()) {
        collect(value, into);
      }
    }
  }
}
