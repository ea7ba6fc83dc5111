package org.pathway.portal.pages;

import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Task;

/**
 * The {@code Consent} a person's "Stop sharing my information" records: status {@code inactive} (a
 * withdrawal), for the person their Task is for, about the referral it fulfils. The adapter lets a
 * status link write exactly this and nothing else.
 */
public final class StopSharingConsent {

  private StopSharingConsent() {}

  /** The withdrawal for {@code task}'s referral, as the person asked at {@code now}. */
  public static Consent of(Task task, Instant now) {
    if (!task.hasFocus() || !task.hasFor()) {
      throw new IllegalArgumentException("a status link's Task names its referral and person");
    }
    Consent c = new Consent();
    c.setStatus(Consent.ConsentState.INACTIVE);
    c.setScope(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
    c.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)));
    c.setPatient(task.getFor().copy());
    c.setDateTime(Date.from(now));
    c.getSourceReference()
        .setReference("ServiceRequest/" + task.getFocus().getReferenceElement().getIdPart());
    c.getProvision().setType(Consent.ConsentProvisionType.DENY);
    return c;
  }

  /**
   * The X-Request-ID of the person's withdrawal: one per Task, so a confirmation sent twice is
   * recorded once.
   */
  public static String requestId(String taskId) {
    return "stop-sharing-" + taskId;
  }
}
