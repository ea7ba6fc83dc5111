package org.pathway.notifier.channel.fhir;

import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.IdentifierSystems;

/**
 * The GP system's copy of a Pathway Task, built whole from one notification. Pathway's ledger owns
 * the Task's content, so the back-channel writes this copy with one PUT (update, or
 * update-as-create the first time) and never reads the GP's copy first: everything the copy holds
 * travels again on every GP notification, so a read-modify-write would keep nothing but cost a
 * round trip. A status reason belongs to the status it explains: an update without one clears it.
 */
final class GpTaskCopy {

  /** The NHS number's identifier system, as every NHS FHIR system names a Patient by it. */
  static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

  private GpTaskCopy() {}

  /**
   * The copy of Task {@code taskId} as the notification's fields describe it.
   *
   * @throws IllegalArgumentException for a Task status FHIR does not know
   */
  static Task of(String taskId, Map<String, String> fields) {
    Task task = new Task().setIntent(Task.TaskIntent.ORDER);
    task.setId(taskId);
    task.addIdentifier().setSystem(IdentifierSystems.TASK_ID).setValue(taskId);
    try {
      task.setStatus(Task.TaskStatus.fromCode(fields.get("taskStatus")));
    } catch (Exception e) {
      throw new IllegalArgumentException("unknown Task status '" + fields.get("taskStatus") + "'");
    }
    String business = fields.get("businessStatus");
    if (business != null && !business.isBlank()) {
      task.setBusinessStatus(
          new CodeableConcept()
              .addCoding(new Coding(CodeSystems.TASK_BUSINESS_STATUS, business, null)));
    }
    String reason = fields.get("statusReason");
    String reasonCode = fields.get("statusReasonCode");
    if ((reason != null && !reason.isBlank()) || reasonCode != null) {
      task.setStatusReason(statusReason(reason, reasonCode));
    }
    Reference patient = patient(fields.get("nhsNumber"));
    if (patient != null) {
      task.setFor(patient);
    }
    Reference referral = gpReferral(fields.get("referralIdentifier"));
    if (referral != null) {
      task.setFocus(referral);
    }
    task.setLastModified(new Date());
    return task;
  }

  /**
   * The Patient as the GP system knows them: by NHS number, since Pathway's Patient ids mean
   * nothing there. Null without one (a self-referral).
   */
  static Reference patient(String nhsNumber) {
    if (nhsNumber == null || nhsNumber.isBlank()) {
      return null;
    }
    return new Reference()
        .setType("Patient")
        .setIdentifier(new Identifier().setSystem(NHS_NUMBER).setValue(nhsNumber.strip()));
  }

  /**
   * The GP's own ServiceRequest, by the identifier it sent it with ({@code system|value}); null
   * when the request does not carry it.
   */
  static Reference gpReferral(String systemAndValue) {
    int bar = systemAndValue == null ? -1 : systemAndValue.lastIndexOf('|');
    if (bar <= 0 || bar == systemAndValue.length() - 1) {
      return null;
    }
    return new Reference()
        .setType("ServiceRequest")
        .setIdentifier(
            new Identifier()
                .setSystem(systemAndValue.substring(0, bar))
                .setValue(systemAndValue.substring(bar + 1)));
  }

  /** The reason as the GP's Task takes it: its words, and its code when the request carries one. */
  static CodeableConcept statusReason(String text, String systemAndCode) {
    CodeableConcept reason = new CodeableConcept();
    if (text != null && !text.isBlank()) {
      reason.setText(text);
    }
    int bar = systemAndCode == null ? -1 : systemAndCode.lastIndexOf('|');
    if (bar > 0 && bar < systemAndCode.length() - 1) {
      reason.addCoding(
          new Coding(systemAndCode.substring(0, bar), systemAndCode.substring(bar + 1), text));
    }
    return reason;
  }
}
