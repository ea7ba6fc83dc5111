package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkPurpose;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;

class TaskChangesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

  private static Task task(TaskStatus status) {
    Task t = new Task();
    t.setId("Task/t1/_history/4");
    t.getMeta().setVersionId("4");
    t.setStatus(status);
    t.setIntent(Task.TaskIntent.ORDER);
    t.setFocus(new Reference("ServiceRequest/sr1"));
    t.setFor(new Reference("Patient/p1"));
    t.setOwner(new Reference("HealthcareService/walk-and-talk"));
    return t;
  }

  private static Answer answer(Action action, String... fields) throws AnswerProblem {
    Map<String, String> form = new HashMap<>();
    form.put("action", action.code());
    form.put("version", "4");
    form.put("answer", "0123456789abcdef0123456789abcdef");
    for (int i = 0; i < fields.length; i += 2) {
      form.put(fields[i], fields[i + 1]);
    }
    return Answer.parse(form);
  }

  private static String businessStatus(Task t) {
    return t.getBusinessStatus().getCodingFirstRep().getCode();
  }

  @Test
  void acceptingMovesTheTaskToAcceptedAndKeepsTheRest() throws Exception {
    Task current = task(TaskStatus.REQUESTED);
    Task next = TaskChanges.apply(answer(Action.ACCEPT), current, LinkPurpose.LINK_WORKER, TODAY);
    assertThat(next.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
    assertThat(next.getFocus().getReference()).isEqualTo("ServiceRequest/sr1");
    assertThat(current.getStatus())
        .as("the Task read is not changed")
        .isEqualTo(TaskStatus.REQUESTED);
  }

  @Test
  void decliningCarriesTheCodedReasonAsStatusReason() throws Exception {
    Task next =
        TaskChanges.apply(
            answer(Action.DECLINE, "reason", DeclineReasons.SNOMED_CT + "|871711000000103"),
            task(TaskStatus.REQUESTED),
            LinkPurpose.LINK_WORKER,
            TODAY);
    assertThat(next.getStatus()).isEqualTo(TaskStatus.REJECTED);
    assertThat(next.getStatusReason().getCodingFirstRep().getSystem())
        .isEqualTo(DeclineReasons.SNOMED_CT);
    assertThat(next.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("871711000000103");
  }

  @Test
  void refusesAReasonOnlyTheOtherPartyMayGive() {
    assertThatThrownBy(
            () ->
                TaskChanges.apply(
                    answer(Action.DECLINE, "reason", CodeSystems.DECLINE_REASON + "|group-closed"),
                    task(TaskStatus.REQUESTED),
                    LinkPurpose.LINK_WORKER,
                    TODAY))
        .isInstanceOf(AnswerProblem.class)
        .hasMessage("problem.reason");
  }

  @Test
  void offersEachPartyOnlyItsOwnReasons() {
    assertThat(TaskChanges.reasons(LinkPurpose.FACILITATOR))
        .extracting(DeclineReasons.Reason::code)
        .contains("871711000000103", "no-capacity", "not-suitable", "group-closed")
        .doesNotContain("unable-to-contact", "outside-area");
  }

  @Test
  void firstConversationStartsTheWork() throws Exception {
    Task next =
        TaskChanges.apply(
            answer(Action.FIRST_CONVERSATION),
            task(TaskStatus.ACCEPTED),
            LinkPurpose.LINK_WORKER,
            TODAY);
    assertThat(next.getStatus()).isEqualTo(TaskStatus.INPROGRESS);
    assertThat(businessStatus(next)).isEqualTo("first-conversation-held");
  }

  @Test
  void aContactAttemptKeepsTheStatus() throws Exception {
    Task next =
        TaskChanges.apply(
            answer(Action.CONTACT_ATTEMPT),
            task(TaskStatus.ACCEPTED),
            LinkPurpose.LINK_WORKER,
            TODAY);
    assertThat(next.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
    assertThat(businessStatus(next)).isEqualTo("contact-attempted");
  }

  @Test
  void theWaitlistPutsTheTaskOnHold() throws Exception {
    Task next =
        TaskChanges.apply(
            answer(Action.WAITLIST), task(TaskStatus.REQUESTED), LinkPurpose.FACILITATOR, TODAY);
    assertThat(next.getStatus()).isEqualTo(TaskStatus.ONHOLD);
    assertThat(businessStatus(next)).isEqualTo(TaskChanges.WAITLISTED);
    Task offered = TaskChanges.apply(answer(Action.ACCEPT), next, LinkPurpose.FACILITATOR, TODAY);
    assertThat(offered.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
    assertThat(offered.hasBusinessStatus()).isFalse();
  }

  @Test
  void eachSessionIsOneVersionWithItsDateAndAttendance() throws Exception {
    Task attended =
        TaskChanges.apply(
            answer(Action.ATTENDANCE, "date", "2026-12-01", "attended", "yes"),
            task(TaskStatus.ACCEPTED),
            LinkPurpose.FACILITATOR,
            TODAY);
    assertThat(attended.getStatus()).isEqualTo(TaskStatus.INPROGRESS);
    assertThat(businessStatus(attended)).isEqualTo("session-attended");
    assertThat(attended.getOutput()).hasSize(1);
    assertThat(((DateType) attended.getOutputFirstRep().getValue()).getValueAsString())
        .isEqualTo("2026-12-01");
    Task missed =
        TaskChanges.apply(
            answer(Action.ATTENDANCE, "date", "2026-12-02", "attended", "no"),
            attended,
            LinkPurpose.FACILITATOR,
            TODAY);
    assertThat(businessStatus(missed)).isEqualTo("did-not-attend");
    assertThat(missed.getOutput()).hasSize(1);
  }

  @Test
  void refusesASessionInTheFutureOrWithoutADate() {
    assertThatThrownBy(
            () ->
                TaskChanges.apply(
                    answer(Action.ATTENDANCE, "date", "2026-12-04", "attended", "yes"),
                    task(TaskStatus.ACCEPTED),
                    LinkPurpose.FACILITATOR,
                    TODAY))
        .hasMessage("problem.date-future");
    assertThatThrownBy(
            () ->
                TaskChanges.apply(
                    answer(Action.ATTENDANCE, "date", "yesterday", "attended", "yes"),
                    task(TaskStatus.ACCEPTED),
                    LinkPurpose.FACILITATOR,
                    TODAY))
        .hasMessage("problem.date");
  }

  @Test
  void finishingCompletesWithAnOutput() throws Exception {
    Task next =
        TaskChanges.apply(
            answer(Action.FINISH), task(TaskStatus.INPROGRESS), LinkPurpose.FACILITATOR, TODAY);
    assertThat(next.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(next.getOutput()).isNotEmpty();
  }

  @Test
  void recognisesAnAnswerAlreadyInTheLedger() throws Exception {
    Task accepted = task(TaskStatus.ACCEPTED);
    assertThat(TaskChanges.shows(answer(Action.ACCEPT), accepted)).isTrue();
    assertThat(TaskChanges.shows(answer(Action.DECLINE), accepted)).isFalse();
    Task attended =
        TaskChanges.apply(
            answer(Action.ATTENDANCE, "date", "2026-12-01", "attended", "yes"),
            accepted,
            LinkPurpose.FACILITATOR,
            TODAY);
    assertThat(TaskChanges.shows(answer(Action.ATTENDANCE, "attended", "yes"), attended)).isTrue();
    assertThat(TaskChanges.shows(answer(Action.ATTENDANCE, "attended", "no"), attended)).isFalse();
  }

  private static Task nextVersion(Task shown, String businessStatus) {
    Task now = shown.copy();
    now.setId("Task/t1/_history/5");
    now.getMeta().setVersionId("5");
    now.setLastModified(new java.util.Date());
    if (businessStatus != null) {
      now.setBusinessStatus(
          new org.hl7.fhir.r4.model.CodeableConcept(
              new org.hl7.fhir.r4.model.Coding(
                  CodeSystems.TASK_BUSINESS_STATUS, businessStatus, null)));
    }
    return now;
  }

  @Test
  void aDeliveryReceiptFiledWhileThePageWasOpenLeavesTheAnswerStanding() {
    Task shown = task(TaskStatus.REQUESTED);
    assertThat(TaskChanges.onlyDeliveredSince(shown, nextVersion(shown, "delivered"))).isTrue();
  }

  @Test
  void anyOtherChangeWhileThePageWasOpenIsSomeoneElses() {
    Task shown = task(TaskStatus.REQUESTED);
    assertThat(TaskChanges.onlyDeliveredSince(shown, nextVersion(shown, "acknowledged")))
        .as("the service acknowledged it")
        .isFalse();
    Task acceptedAndDelivered = nextVersion(shown, "delivered");
    acceptedAndDelivered.setStatus(TaskStatus.ACCEPTED);
    assertThat(TaskChanges.onlyDeliveredSince(shown, acceptedAndDelivered))
        .as("someone accepted it as the receipt came in")
        .isFalse();
    Task reassigned = nextVersion(shown, "delivered");
    reassigned.setOwner(new Reference("HealthcareService/another-group"));
    assertThat(TaskChanges.onlyDeliveredSince(shown, reassigned)).as("reassigned").isFalse();
    assertThat(TaskChanges.onlyDeliveredSince(shown, nextVersion(shown, null)))
        .as("a version with no receipt in it")
        .isFalse();
    Task contacted = nextVersion(task(TaskStatus.ACCEPTED), "contact-attempted");
    assertThat(TaskChanges.onlyDeliveredSince(contacted, nextVersion(contacted, "delivered")))
        .as("delivered never replaces a later business status")
        .isFalse();
  }
}
