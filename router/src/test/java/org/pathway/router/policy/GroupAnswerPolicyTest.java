package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.SignedLink;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.RouterOutput;

class GroupAnswerPolicyTest {

  private final GroupAnswerPolicy policy =
      new GroupAnswerPolicy(Fixtures.demoDirectory(), TestLinks.events());

  private final OnwardReferral referredOn =
      OnwardReferral.of(Fixtures.onwardReferral("g1", "walk-and-talk"));

  private RouterOutput answer(TaskStatusChanged change) {
    return policy.decide(change, Optional.of(referredOn), Fixtures.known("A81001"));
  }

  private static TaskStatusChanged.Builder groupChange(TaskStatus from, TaskStatus to) {
    return Fixtures.groupTaskChange("g1", "walk-and-talk", from, to);
  }

  @Test
  void theLinkWorkerIsToldTheGroupAcceptedWithALinkToTheirOwnTask() throws Exception {
    TaskStatusChanged accepted = groupChange(TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();

    RouterOutput out = answer(accepted);

    assertThat(out.decisions()).isEmpty();
    NotificationRequested note = out.notifications().get(0);
    assertThat(out.notifications()).hasSize(1);
    assertThat(note.getTemplateId()).isEqualTo(NotificationTemplates.LINK_WORKER_GROUP_ANSWER.id());
    assertThat(note.getAudience()).isEqualTo(Audience.LINK_WORKER);
    assertThat(note.getRecipient().getOrganisation().getReference())
        .isEqualTo("HealthcareService/lw-north");
    assertThat(note.getRecipient().getAddress()).isEqualTo("north-lw@example.org");
    assertThat(note.getTaskId()).isEqualTo("task-g1");
    assertThat(note.getFields())
        .containsEntry("answer", "accepted")
        .containsEntry("groupName", "Walk and Talk Group")
        .containsEntry("personName", "Alex Jones")
        .containsEntry("taskId", "task-g1")
        .doesNotContainKey("declineReason");
    SignedLink link =
        TestLinks.verify(
            note.getFields().get("respondUrl"), accepted.getEnvelope().getOccurredAt());
    assertThat(link.taskId()).isEqualTo("task-g1");
    assertThat(link.recipient()).isEqualTo("lw-north");
    assertThat(link.purpose()).isEqualTo(LinkPurpose.LINK_WORKER);
  }

  @Test
  void aDeclineCarriesTheReasonAsAPersonReadsIt() {
    Coding coded =
        Coding.newBuilder()
            .setSystem(CodeSystems.DECLINE_REASON)
            .setCode(firstGroupReasonCode())
            .setDisplay(null)
            .build();
    RouterOutput out =
        answer(
            groupChange(TaskStatus.REQUESTED, TaskStatus.REJECTED).setStatusReason(coded).build());

    String display =
        DeclineReasons.find(CodeSystems.DECLINE_REASON, firstGroupReasonCode())
            .orElseThrow()
            .display();
    assertThat(out.notifications().get(0).getFields())
        .containsEntry(
            "answer", "declined (" + display + "; reason code " + firstGroupReasonCode() + ")")
        .containsEntry("declineReason", display)
        .containsEntry(
            "declineReasonCode", CodeSystems.DECLINE_REASON + "|" + firstGroupReasonCode());

    RouterOutput withDisplay =
        answer(
            groupChange(TaskStatus.REQUESTED, TaskStatus.REJECTED)
                .setStatusReason(Fixtures.coding("group-full", "No places left this term"))
                .build());
    assertThat(withDisplay.notifications().get(0).getFields())
        .containsEntry("declineReason", "No places left this term");
  }

  @Test
  void aWaitlistOfferAndTheEndAreTold() {
    assertThat(
            answer(groupChange(TaskStatus.REQUESTED, TaskStatus.ON_HOLD).build()).notifications())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.getFields())
                    .containsEntry("answer", "offered a place on the waiting list"));
    assertThat(
            answer(groupChange(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED).build())
                .notifications())
        .singleElement()
        .satisfies(n -> assertThat(n.getFields()).containsEntry("answer", "finished"));
  }

  @Test
  void theLinkWorkerIsToldOfAMissedSessionWithALinkToTheirOwnTask() throws Exception {
    TaskStatusChanged missed =
        groupChange(TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS)
            .setBusinessStatus(Fixtures.coding("did-not-attend", "Did not attend"))
            .setPreviousBusinessStatus(Fixtures.coding("session-attended", "Session attended"))
            .build();

    NotificationRequested note = answer(missed).notifications().get(0);

    assertThat(note.getTemplateId()).isEqualTo(NotificationTemplates.LINK_WORKER_GROUP_ANSWER.id());
    assertThat(note.getRecipient().getAddress()).isEqualTo("north-lw@example.org");
    assertThat(note.getFields())
        .containsEntry("answer", "missed a session")
        .containsEntry("groupName", "Walk and Talk Group")
        .doesNotContainKey("declineReason");
    assertThat(TestLinks.verify(note.getFields().get("respondUrl"), Fixtures.AUTHORED).taskId())
        .isEqualTo("task-g1");
  }

  @Test
  void aMissedSessionIsToldOnceNotAgainWhileTheStatusStays() {
    TaskStatusChanged stillMissed =
        groupChange(TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS)
            .setBusinessStatus(Fixtures.coding("did-not-attend", null))
            .setPreviousBusinessStatus(Fixtures.coding("did-not-attend", null))
            .build();
    assertThat(answer(stillMissed).events()).isEmpty();

    // the first session missed straight after accepting: the status moves and the miss is news
    TaskStatusChanged firstMissed =
        groupChange(TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS)
            .setBusinessStatus(Fixtures.coding("did-not-attend", null))
            .build();
    assertThat(answer(firstMissed).notifications())
        .singleElement()
        .satisfies(n -> assertThat(n.getFields()).containsEntry("answer", "missed a session"));
  }

  @Test
  void aRedeliveredAnswerYieldsTheSameNotificationSoItIsSentOnce() {
    TaskStatusChanged declined =
        groupChange(TaskStatus.REQUESTED, TaskStatus.REJECTED)
            .setStatusReason(
                new Coding(CodeSystems.DECLINE_REASON, "no-capacity", "No places available"))
            .build();
    assertThat(answer(declined).notifications().get(0).getIdempotencyKey())
        .isEqualTo(answer(declined).notifications().get(0).getIdempotencyKey());
  }

  @Test
  void changesThatAreNotAnAnswerAreNotTold() {
    assertThat(answer(groupChange(TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS).build()).events())
        .isEmpty();
    assertThat(answer(groupChange(TaskStatus.ACCEPTED, TaskStatus.ACCEPTED).build()).events())
        .isEmpty();
  }

  @Test
  void theLinkWorkersOwnTaskChangingIsNotAGroupAnswer() {
    TaskStatusChanged linkWorkerTask =
        Fixtures.taskChange("g1", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    assertThat(answer(linkWorkerTask).events()).isEmpty();
  }

  @Test
  void aGroupAnswerNobodyCanBeToldOfIsAVisibleDecision() {
    RouterOutput out =
        policy.decide(
            groupChange(TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(),
            Optional.empty(),
            Fixtures.known("A81001"));

    assertThat(out.notifications()).isEmpty();
    assertThat(out.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getAction()).isEqualTo(RoutingAction.UNROUTABLE);
              assertThat(d.getRuleId()).isEqualTo(GroupAnswerPolicy.RULE);
              assertThat(d.getExplanation()).contains("never saw who referred");
            });
  }

  @Test
  void aDecisionOfItsOwnNeverSharesAnIdWithTheGpFeedbacksOnTheSameChange() {
    TaskStatusChanged accepted = groupChange(TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    var gpFeedback =
        new GpFeedbackPolicy(
            EnumSet.allOf(FeedbackTrigger.class),
            true,
            Fixtures.demoDirectory(),
            TestLinks.events());
    // A practice the directory lacks: the GP feedback policy decides UNROUTABLE too.
    var gp = gpFeedback.decide(accepted, Fixtures.known("Z99999"));
    var group = policy.decide(accepted, Optional.empty(), Fixtures.known("Z99999"));

    assertThat(gp.decisions()).hasSize(1);
    assertThat(group.decisions()).hasSize(1);
    assertThat(group.decisions().get(0).getEnvelope().getEventId())
        .isNotEqualTo(gp.decisions().get(0).getEnvelope().getEventId());
  }

  @Test
  void aReferralTheRouterNeverSawIsStillToldWithoutAName() {
    RouterOutput out =
        policy.decide(
            groupChange(TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(),
            Optional.of(referredOn),
            KnownReferral.unknown());
    assertThat(out.notifications().get(0).getFields())
        .containsEntry("personName", "the person you referred")
        .containsEntry("taskId", "task-g1");
  }

  private static String firstGroupReasonCode() {
    return DeclineReasons.all().stream()
        .filter(r -> r.givenBy(DeclineReasons.DeclinedBy.GROUP))
        .filter(r -> r.system().equals(CodeSystems.DECLINE_REASON))
        .findFirst()
        .orElseThrow()
        .code();
  }
}
