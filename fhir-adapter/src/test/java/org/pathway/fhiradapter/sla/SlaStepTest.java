package org.pathway.fhiradapter.sla;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.ledger.TaskCodes;

class SlaStepTest {

  static Task task(TaskStatus status, String businessStatus, boolean groupTask) {
    Task task = new Task().setStatus(status);
    if (businessStatus != null) {
      task.setBusinessStatus(TaskCodes.businessStatus(businessStatus));
    }
    if (groupTask) {
      task.addPartOf(new Reference("Task/parent"));
    }
    return task;
  }

  @Test
  void aRequestedTaskWaitsToBeAccepted() {
    assertThat(SlaStep.of(task(TaskStatus.REQUESTED, null, false))).contains(SlaStep.ACCEPT);
    assertThat(SlaStep.of(task(TaskStatus.REQUESTED, "delivered", true))).contains(SlaStep.ACCEPT);
  }

  @Test
  void anAcceptedLinkWorkerTaskWaitsForFirstContactUntilTheFirstConversationIsHeld() {
    assertThat(SlaStep.of(task(TaskStatus.ACCEPTED, "delivered", false)))
        .contains(SlaStep.FIRST_CONTACT);
    assertThat(SlaStep.of(task(TaskStatus.INPROGRESS, "contact-attempted", false)))
        .contains(SlaStep.FIRST_CONTACT);
    assertThat(SlaStep.of(task(TaskStatus.INPROGRESS, "first-conversation-held", false)))
        .contains(SlaStep.COMPLETION);
    assertThat(SlaStep.of(task(TaskStatus.INPROGRESS, "onward-referred", false)))
        .contains(SlaStep.COMPLETION);
  }

  @Test
  void anAcceptedGroupTaskWaitsForTheFirstSessionUntilOneIsAttended() {
    assertThat(SlaStep.of(task(TaskStatus.ACCEPTED, null, true))).contains(SlaStep.FIRST_SESSION);
    assertThat(SlaStep.of(task(TaskStatus.ACCEPTED, "did-not-attend", true)))
        .contains(SlaStep.FIRST_SESSION);
    assertThat(SlaStep.of(task(TaskStatus.INPROGRESS, "session-attended", true)))
        .contains(SlaStep.COMPLETION);
  }

  @Test
  void aTaskThatEndedIsOnNoStep() {
    assertThat(SlaStep.of(task(TaskStatus.COMPLETED, "completed-goals-met", false))).isEmpty();
    assertThat(SlaStep.of(task(TaskStatus.REJECTED, null, false))).isEmpty();
    assertThat(SlaStep.of(task(TaskStatus.CANCELLED, null, true))).isEmpty();
  }

  @Test
  void stepsAreNamedAsOverdueEventsAndSettingsNameThem() {
    assertThat(SlaStep.FIRST_CONTACT.code()).isEqualTo("first-contact");
    assertThat(SlaStep.byCode("first-session")).contains(SlaStep.FIRST_SESSION);
    assertThat(SlaStep.byCode("start")).isEmpty();
  }
}
