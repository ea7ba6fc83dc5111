package org.pathway.fhiradapter.fhir;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * A reference to a resource of the request's Bundle that the ledger does not keep (a referring
 * practice sent as an entry), turned into FHIR's logical reference: who it was by type, identifier
 * and name, with no {@code urn:uuid} that would point nowhere once stored.
 */
public final class LogicalReference {

  private LogicalReference() {}

  /**
   * Drops {@code ref}'s literal reference (and the parser's link to {@code target}, which the
   * encoder would write back as the urn), filling in type, identifier and display from {@code
   * target} where the reference does not say them itself. {@code target} may be null.
   */
  public static void make(Reference ref, Resource target) {
    if (!ref.hasType() && target != null) {
      ref.setType(target.fhirType());
    }
    Identifier identifier = identifierOf(target);
    if (!ref.hasIdentifier() && identifier != null) {
      ref.setIdentifier(identifier.copy());
    }
    if (!ref.hasDisplay()) {
      ref.setDisplay(nameOf(target));
    }
    ref.setReference(null);
    ref.setResource(null);
  }

  private static Identifier identifierOf(Resource target) {
    if (target instanceof Organization org && org.hasIdentifier()) {
      return org.getIdentifier().stream()
          .filter(i -> ReferralReader.ODS_SYSTEM.equals(i.getSystem()))
          .findFirst()
          .orElse(org.getIdentifierFirstRep());
    }
    if (target instanceof Practitioner p && p.hasIdentifier()) {
      return p.getIdentifierFirstRep();
    }
    if (target instanceof PractitionerRole role && role.hasIdentifier()) {
      return role.getIdentifierFirstRep();
    }
    return null;
  }

  private static String nameOf(Resource target) {
    if (target instanceof Organization org && org.hasName()) {
      return org.getName();
    }
    if (target instanceof Practitioner p && p.hasName()) {
      return p.getNameFirstRep().getNameAsSingleString();
    }
    if (target instanceof PractitionerRole role) {
      return role.getPractitioner().hasDisplay()
          ? role.getPractitioner().getDisplay()
          : role.getOrganization().getDisplay();
    }
    if (target instanceof RelatedPerson r && r.hasName()) {
      return r.getNameFirstRep().getNameAsSingleString();
    }
    return null;
  }
}
