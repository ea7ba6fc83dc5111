package org.pathway.fhiradapter.sla;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.CodeSystems;

class AutoReturnTest {

  @Test
  void anUnacceptedTaskIsRejectedWithTheCodedReturnReason() {
    Task returned = AutoReturn.returned(new Task().setStatus(TaskStatus.REQUESTED));

    assertThat(returned.getStatus()).isEqualTo(TaskStatus.REJECTED);
    var coding = returned.getStatusReason().getCodingFirstRep();
    assertThat(coding.getSystem()).isEqualTo(CodeSystems.TASK_STATUS_REASON);
    assertThat(coding.getCode()).isEqualTo("returned-no-response");
    assertThat(coding.getDisplay()).isEqualTo("Returned: no response within the agreed time");
  }

  @Test
  void anAcceptedTaskIsNeverReturned() {
    assertThat(AutoReturn.returned(new Task().setStatus(TaskStatus.ACCEPTED))).isNull();
    assertThat(AutoReturn.returned(new Task().setStatus(TaskStatus.CANCELLED))).isNull();
  }
}
