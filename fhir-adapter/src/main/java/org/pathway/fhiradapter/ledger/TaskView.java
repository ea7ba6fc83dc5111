package org.pathway.fhiradapter.ledger;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.vocabulary.Extensions;

/**
 * A Task as a caller may see it. A caller without clinical sight (a community group) gets a Task
 * built from an allowlist of elements: what it needs to run its part (status, business status, its
 * owner and requester, the due time, references to the person and the request), never the notes,
 * reasons, outputs, narrative or extensions where clinical content travels. Built afresh rather
 * than stripped, so an element added to Tasks later is hidden until someone decides otherwise.
 */
public final class TaskView {

  private TaskView() {}

  /** {@code task} as {@code v} may see it: whole, or the allowlisted view. */
  public static Task of(Task task, Visibility v) {
    return v.clinical() ? task : withoutClinicalContent(task);
  }

  /** The allowlisted view. */
  public static Task withoutClinicalContent(Task task) {
    Task view = new Task();
    view.setIdElement(task.getIdElement().copy());
    view.getMeta().setVersionId(task.getMeta().getVersionId());
    view.getMeta().setLastUpdatedElement(task.getMeta().getLastUpdatedElement().copy());
    task.getIdentifier().forEach(i -> view.addIdentifier(i.copy()));
    if (task.hasGroupIdentifier()) {
      view.setGroupIdentifier(task.getGroupIdentifier().copy());
    }
    task.getPartOf().forEach(p -> view.addPartOf(referenceOnly(p)));
    view.setStatus(task.getStatus());
    if (task.hasStatusReason()) {
      // Codes only: the text may be a cancellation reason a clinician typed.
      var reason = new CodeableConcept();
      task.getStatusReason().getCoding().forEach(c -> reason.addCoding(c.copy()));
      if (reason.hasCoding()) {
        view.setStatusReason(reason);
      }
    }
    if (task.hasBusinessStatus()) {
      view.setBusinessStatus(task.getBusinessStatus().copy());
    }
    view.setIntent(task.getIntent());
    if (task.hasPriority()) {
      view.setPriority(task.getPriority());
    }
    if (task.hasCode()) {
      view.setCode(task.getCode().copy());
    }
    if (task.hasFocus()) {
      view.setFocus(referenceOnly(task.getFocus()));
    }
    if (task.hasFor()) {
      // The reference only: no NHS number, no name.
      view.setFor(referenceOnly(task.getFor()));
    }
    if (task.hasAuthoredOn()) {
      view.setAuthoredOnElement(task.getAuthoredOnElement().copy());
    }
    if (task.hasLastModified()) {
      view.setLastModifiedElement(task.getLastModifiedElement().copy());
    }
    if (task.hasRequester()) {
      view.setRequester(task.getRequester().copy());
    }
    if (task.hasOwner()) {
      view.setOwner(task.getOwner().copy());
    }
    // Where the person stands on the group's waitlist: the group's own count, nothing clinical.
    var position = task.getExtensionByUrl(Extensions.WAITLIST_POSITION);
    if (position != null) {
      view.addExtension(position.copy());
    }
    if (task.getRestriction().getPeriod().hasEnd()) {
      view.getRestriction()
          .getPeriod()
          .setEndElement(task.getRestriction().getPeriod().getEndElement().copy());
    }
    return view;
  }

  private static Reference referenceOnly(Reference r) {
    return r.hasReference() ? new Reference(r.getReference()) : new Reference();
  }
}
