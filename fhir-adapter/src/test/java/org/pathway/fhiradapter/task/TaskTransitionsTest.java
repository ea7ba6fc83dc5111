package org.pathway.fhiradapter.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ACCEPTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.CANCELLED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.FAILED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.INPROGRESS;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REJECTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED;

import org.junit.jupiter.api.Test;

class TaskTransitionsTest {

  @Test
  void allowsTheHappyPath() {
    assertThat(TaskTransitions.check(REQUESTED, ACCEPTED, false, false)).isEmpty();
    assertThat(TaskTransitions.check(ACCEPTED, INPROGRESS, false, false)).isEmpty();
    assertThat(TaskTransitions.check(INPROGRESS, COMPLETED, false, true)).isEmpty();
  }

  @Test
  void rejectedCancelledAndFailedNeedAReason() {
    for (var to : new org.hl7.fhir.r4.model.Task.TaskStatus[] {REJECTED, CANCELLED, FAILED}) {
      assertThat(TaskTransitions.check(REQUESTED, to, false, false))
          .get()
          .extracting(TaskTransitions.Refusal::kind)
          .isEqualTo(TaskTransitions.Kind.MISSING_REASON);
      assertThat(TaskTransitions.check(REQUESTED, to, true, false)).isEmpty();
    }
  }

  @Test
  void completionNeedsAnOutput() {
    assertThat(TaskTransitions.check(ACCEPTED, COMPLETED, false, false))
        .get()
        .extracting(TaskTransitions.Refusal::kind)
        .isEqualTo(TaskTransitions.Kind.MISSING_OUTPUT);
  }

  @Test
  void terminalStatesDoNotReopen() {
    assertThat(TaskTransitions.check(COMPLETED, INPROGRESS, false, false))
        .get()
        .extracting(TaskTransitions.Refusal::kind)
        .isEqualTo(TaskTransitions.Kind.ILLEGAL_TRANSITION);
    assertThat(TaskTransitions.check(REQUESTED, COMPLETED, false, true)).isPresent();
    assertThat(TaskTransitions.isTerminal(CANCELLED)).isTrue();
  }

  @Test
  void slaWatchesOnlyOpenTasksAndNamesTheStepTheyWaitFor() {
    assertThat(TaskTransitions.openStatuses())
        .contains(REQUESTED, ACCEPTED, INPROGRESS)
        .doesNotContain(COMPLETED, CANCELLED, REJECTED, FAILED);
    assertThat(TaskTransitions.pendingStep(REQUESTED)).isEqualTo("accept");
    assertThat(TaskTransitions.pendingStep(INPROGRESS)).isEqualTo("complete");
  }
}
