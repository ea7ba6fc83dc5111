package org.pathway.fhiradapter.ledger;

import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;

/**
 * A Communication as a caller may see it. A caller without clinical sight (a community group) gets
 * one built from an allowlist: that a message about its Task was sent, when and how, never the
 * payload or a failure's reason (where content about the person travels). Built afresh, as {@link
 * TaskView} is, so an element added later stays hidden until someone decides otherwise.
 */
public final class CommunicationView {

  private CommunicationView() {}

  /** {@code c} as {@code v} may see it. */
  public static Communication of(Communication c, Visibility v) {
    return v.clinical() ? c : withoutClinicalContent(c);
  }

  /** The allowlisted view. */
  public static Communication withoutClinicalContent(Communication c) {
    Communication view = new Communication();
    view.setIdElement(c.getIdElement().copy());
    view.getMeta().setVersionId(c.getMeta().getVersionId());
    view.getMeta().setLastUpdatedElement(c.getMeta().getLastUpdatedElement().copy());
    c.getIdentifier().forEach(i -> view.addIdentifier(i.copy()));
    c.getBasedOn().forEach(r -> view.addBasedOn(referenceOnly(r)));
    c.getPartOf().forEach(r -> view.addPartOf(referenceOnly(r)));
    view.setStatus(c.getStatus());
    if (c.hasSubject()) {
      view.setSubject(referenceOnly(c.getSubject()));
    }
    if (c.hasSent()) {
      view.setSentElement(c.getSentElement().copy());
    }
    c.getMedium().forEach(m -> view.addMedium(m.copy()));
    return view;
  }

  private static Reference referenceOnly(Reference r) {
    return r.hasReference() ? new Reference(r.getReference()) : new Reference();
  }
}
