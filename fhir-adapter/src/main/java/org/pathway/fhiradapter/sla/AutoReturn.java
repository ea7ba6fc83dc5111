package org.pathway.fhiradapter.sla;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.events.vocabulary.CodeSystems;

/**
 * The ladder's last rung as a Task change: a referral nobody accepted in time goes back to its
 * referrer as {@code rejected}, with a coded reason the GP's message shows. A pure function.
 */
public final class AutoReturn {

  private AutoReturn() {}

  /** The reason an auto-returned Task carries. */
  public static CodeableConcept reason() {
    var reason = new CodeableConcept();
    reason
        .addCoding()
        .setSystem(CodeSystems.TASK_STATUS_REASON)
        .setCode(CodeSystems.RETURNED_NO_RESPONSE)
        .setDisplay(CodeSystems.RETURNED_NO_RESPONSE_DISPLAY);
    reason.setText(CodeSystems.RETURNED_NO_RESPONSE_DISPLAY);
    return reason;
  }

  /**
   * {@code task} returned, or null when it cannot be: only a Task still waiting to be accepted is
   * returned (an accepted one has a provider; the hub has it).
   */
  public static Task returned(Task task) {
    if (task.getStatus() != TaskStatus.REQUESTED) {
      return null;
    }
    Task after = task.copy();
    after.setStatus(TaskStatus.REJECTED);
    after.setStatusReason(reason());
    return after;
  }
}
