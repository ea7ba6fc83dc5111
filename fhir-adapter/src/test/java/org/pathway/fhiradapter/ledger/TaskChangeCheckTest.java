package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;

/** The pure parts of a Task's life: the new Task of a referral, and what an update may change. */
class TaskChangeCheckTest {

  private static final Instant AUTHORED = Instant.parse("2026-03-02T10:15:30.456Z");

  private static Task requested() {
    var sr = new ServiceRequest();
    sr.setId("sr-1");
    sr.setRequester(new Reference("Organization/gp"));
    return NewTask.forReferral("t-1", sr, "p-1", null, "corr-1", AUTHORED, Duration.ofDays(5));
  }

  @Test
  void newTaskIsRequestedAndDueAfterTheSlaInWholeSeconds() {
    Task task = requested();
    assertThat(task.getStatus()).isEqualTo(TaskStatus.REQUESTED);
    assertThat(task.getFocus().getReference()).isEqualTo("ServiceRequest/sr-1");
    assertThat(task.getFor().getReference()).isEqualTo("Patient/p-1");
    assertThat(task.getGroupIdentifier().getValue()).isEqualTo("corr-1");
    assertThat(NewTask.dueAt(task)).isEqualTo(Instant.parse("2026-03-07T10:15:30Z"));
  }

  @Test
  void updateTakesTheStatusAndKeepsTheDueTimeWhenOmitted() {
    Task current = requested();
    Task incoming = current.copy();
    incoming.setStatus(TaskStatus.ACCEPTED);
    incoming.getRestriction().setPeriod(null);
    Task after = TaskChangeCheck.proposed(current, incoming);
    assertThat(after.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
    assertThat(after.getRestriction().getPeriod().getEnd())
        .isEqualTo(Date.from(NewTask.dueAt(current)));
  }

  @Test
  void refusesAChangedFocusAsABrokenRuleNamingTheElement() {
    Task current = requested();
    Task incoming = current.copy().setFocus(new Reference("ServiceRequest/other"));
    assertThatThrownBy(() -> TaskChangeCheck.proposed(current, incoming))
        .isInstanceOfSatisfying(
            LedgerRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.BROKEN_RULE);
              assertThat(e.issues().get(0).expression()).isEqualTo("Task.focus");
            });
  }

  @Test
  void refusesAnIllegalMoveAsAStateConflict() {
    Task current = requested().setStatus(TaskStatus.COMPLETED);
    Task after = current.copy().setStatus(TaskStatus.INPROGRESS);
    assertThatThrownBy(() -> TaskChangeCheck.checkTransition(current, after))
        .isInstanceOfSatisfying(
            LedgerRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STATE_CONFLICT));
  }

  @Test
  void refusesACancellationWithoutReasonAsABrokenRule() {
    Task current = requested();
    Task after = current.copy().setStatus(TaskStatus.CANCELLED);
    assertThatThrownBy(() -> TaskChangeCheck.checkTransition(current, after))
        .isInstanceOfSatisfying(
            LedgerRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.BROKEN_RULE);
              assertThat(e.issues().get(0).expression()).isEqualTo("Task.statusReason");
            });
    after.setStatusReason(new CodeableConcept().setText("moved away"));
    TaskChangeCheck.checkTransition(current, after);
  }

  @Test
  void aDeclineInPathwaysReasonSystemMustUseACodeOfTheValueSet() {
    Task current = requested();
    Task declined = current.copy();
    declined.setStatus(TaskStatus.REJECTED);
    declined.setStatusReason(
        new CodeableConcept(
            new org.hl7.fhir.r4.model.Coding(
                org.pathway.events.vocabulary.CodeSystems.DECLINE_REASON, "made-up", null)));

    assertThatThrownBy(() -> TaskChangeCheck.checkDeclineReason(current, declined, null))
        .isInstanceOfSatisfying(
            LedgerRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.BROKEN_RULE);
              assertThat(e.issues().get(0).expression()).isEqualTo("Task.statusReason");
            });

    declined.getStatusReason().getCodingFirstRep().setCode("no-capacity");
    TaskChangeCheck.checkDeclineReason(current, declined, Role.COMMUNITY_GROUP);
    TaskChangeCheck.checkDeclineReason(current, declined, Role.LINK_WORKER_SERVICE);
    // SNOMED CT's concept is in the ValueSet too
    declined.setStatusReason(
        new CodeableConcept(
            new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "871711000000103", null)));
    TaskChangeCheck.checkDeclineReason(current, declined, Role.COMMUNITY_GROUP);
  }

  @Test
  void refusesADeclineGivenOnlyAsFreeTextOrWithACodeOutsideTheValueSet() {
    Task current = requested();
    Task declined = current.copy();
    declined.setStatus(TaskStatus.REJECTED);
    declined.setStatusReason(new CodeableConcept().setText("no places till March"));
    assertThatThrownBy(() -> TaskChangeCheck.checkDeclineReason(current, declined, null))
        .isInstanceOfSatisfying(
            LedgerRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.BROKEN_RULE);
              assertThat(e.issues().get(0).expression()).isEqualTo("Task.statusReason");
              assertThat(e.issues().get(0).message()).contains("free text alone");
            });

    // a SNOMED CT code the ValueSet does not hold is no better
    declined.getStatusReason().addCoding().setSystem("http://snomed.info/sct").setCode("12345");
    assertThatThrownBy(() -> TaskChangeCheck.checkDeclineReason(current, declined, null))
        .isInstanceOf(LedgerRefusedException.class);

    // beside a coding of the ValueSet, other codings and the text may travel
    declined
        .getStatusReason()
        .addCoding()
        .setSystem(org.pathway.events.vocabulary.CodeSystems.DECLINE_REASON)
        .setCode("no-capacity");
    TaskChangeCheck.checkDeclineReason(current, declined, Role.COMMUNITY_GROUP);
  }

  @Test
  void aTaskAlreadyRejectedOrNotRejectedIsNotAskedForACode() {
    Task current = requested();
    Task accepted = current.copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    TaskChangeCheck.checkDeclineReason(current, accepted, Role.LINK_WORKER_SERVICE);
  }

  @Test
  void aDeclineReasonMustBeOneTheDecliningPartyMayGive() {
    Task current = requested();
    Task declined = current.copy();
    declined.setStatus(TaskStatus.REJECTED);
    declined.setStatusReason(
        new CodeableConcept(
            new org.hl7.fhir.r4.model.Coding(
                org.pathway.events.vocabulary.CodeSystems.DECLINE_REASON, "group-closed", null)));

    TaskChangeCheck.checkDeclineReason(current, declined, Role.COMMUNITY_GROUP);
    assertThatThrownBy(
            () -> TaskChangeCheck.checkDeclineReason(current, declined, Role.LINK_WORKER_SERVICE))
        .isInstanceOfSatisfying(
            LedgerRefusedException.class,
            e -> assertThat(e.issues().get(0).message()).contains("only a group"));
  }
}
