package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;
import org.pathway.access.tokens.Caller;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.vocabulary.CodeSystems;

class EventMapperTest {

  @Test
  void aDeclineCarriesTheValueSetsCodeAndDisplayWhateverCameFirst() {
    CodeableConcept reason = new CodeableConcept().setText("full till March");
    reason.addCoding(new Coding("http://example.org/local", "F1", "Full"));
    reason.addCoding(new Coding(CodeSystems.DECLINE_REASON, "no-capacity", null));

    var coding = EventMapper.reason(reason);

    assertThat(coding.getSystem()).isEqualTo(CodeSystems.DECLINE_REASON);
    assertThat(coding.getCode()).isEqualTo("no-capacity");
    assertThat(coding.getDisplay()).isEqualTo("No places available");
  }

  @Test
  void aTaskChangeSaysWhatTheBusinessStatusWasBefore() {
    Task before = task(TaskStatus.INPROGRESS, "session-attended");
    Task after = task(TaskStatus.INPROGRESS, "did-not-attend");

    var event =
        EventMapper.taskStatusChanged(
            before,
            after,
            EventMapper.envelope("r1", "c1", null, Instant.EPOCH),
            EventMapper.system("test"));

    assertThat(event.getPreviousBusinessStatus().getCode()).isEqualTo("session-attended");
    assertThat(event.getBusinessStatus().getCode()).isEqualTo("did-not-attend");
  }

  @Test
  void aGpPracticeCallerIsAGpPracticeActorNamingItsOrganisation() {
    var gp =
        new Caller(
            "practice-a81001", "A81001", Role.REFERRER, null, null, java.util.List.of(), "t");
    var actor = EventMapper.apiCaller(gp, "practice-a81001");
    assertThat(actor.getKind()).isEqualTo(ActorKind.GP_PRACTICE);
    assertThat(actor.getIdentifier()).isEqualTo("A81001");
    assertThat(actor.getReference()).isEqualTo("practice-a81001");

    var council =
        new Caller(
            "leeds-council", "LCC", Role.REFERRER, "council", null, java.util.List.of(), "t");
    assertThat(EventMapper.apiCaller(council, null).getKind()).isEqualTo(ActorKind.UNKNOWN);
  }

  private static Task task(TaskStatus status, String businessStatus) {
    Task t = new Task();
    t.setId("task-1");
    t.getMeta().setVersionId("2");
    t.setStatus(status);
    t.setBusinessStatus(
        new CodeableConcept(new Coding(CodeSystems.TASK_BUSINESS_STATUS, businessStatus, null)));
    return t;
  }
}
