package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;

class ReferralStatusTest {

  @Test
  void saysWhereTheReferralIsInThePersonsTerms() {
    assertThat(ReferralStatus.key(new Task().setStatus(TaskStatus.REQUESTED)))
        .isEqualTo("person-status.received");
    assertThat(ReferralStatus.key(new Task().setStatus(TaskStatus.ACCEPTED)))
        .isEqualTo("person-status.accepted");
    assertThat(ReferralStatus.key(new Task().setStatus(TaskStatus.REJECTED)))
        .isEqualTo("person-status.not-taken");
    assertThat(ReferralStatus.key(new Task().setStatus(TaskStatus.COMPLETED)))
        .isEqualTo("person-status.completed");
  }

  @Test
  void tellsThemWhenTheyHaveBeenPutInTouchWithAGroup() {
    Task task = new Task().setStatus(TaskStatus.INPROGRESS);
    assertThat(ReferralStatus.key(task)).isEqualTo("person-status.in-progress");
    task.setBusinessStatus(new CodeableConcept(new Coding("x", "onward-referred", null)));
    assertThat(ReferralStatus.key(task)).isEqualTo("person-status.onward-referred");
  }
}
