package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.RouterOutput;

class OnwardReferralPolicyTest {

  private final OnwardReferralPolicy policy =
      new OnwardReferralPolicy(Fixtures.demoDirectory(), TestLinks.events(Clock.systemUTC()));

  @Test
  void tellsTheFacilitatorOnlyNameContactPreferenceActivityAndWhen() {
    RouterOutput out = policy.decide(Fixtures.onwardReferral("o1", "walk-and-talk"));

    assertThat(out.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER);
              assertThat(d.getCapacity()).isEqualTo(CapacityStatus.CAPACITY);
            });
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getAudience()).isEqualTo(Audience.FACILITATOR);
              assertThat(n.getFields())
                  .containsOnlyKeys(
                      "recipientName",
                      "personFirstName",
                      "groupName",
                      "activity",
                      "sessionDate",
                      "sessionTime",
                      "preferredContact",
                      "linkWorkerName",
                      "taskId",
                      "respondUrl")
                  .containsEntry("personFirstName", "Alex")
                  .containsEntry("activity", "Walking group")
                  .containsEntry("sessionDate", "Tuesday 10 November 2026")
                  .containsEntry("sessionTime", "10:00");
              assertThat(n.getTemplateId())
                  .isEqualTo(NotificationTemplates.FACILITATOR_NEW_MEMBER.id());
              assertThat(n.getFields().values())
                  .noneMatch(
                      v ->
                          v.contains("9434765919")
                              || v.contains("alex@example.org")
                              || v.contains("+447700900999"));
            });
  }

  @Test
  void aRequestPassedDownACascadeAsksTheVolunteerIfTheyCanHelpNotToLetSomeoneJoin() {
    // given a request for help passed on by the community hub (not referred by a link worker)
    var passedOn = Fixtures.onwardReferral("o-cascade", "walk-and-talk");
    passedOn.setRequestedBy(
        Fixtures.actor(
            org.pathway.events.avro.ActorKind.HUB,
            "HealthcareService/hub-city",
            "City Social Prescribing Hub"));
    passedOn.setActivity("Collect a prescription from the pharmacy");

    // when the router decides, then the holder is asked whether they can help with it
    RouterOutput out = policy.decide(passedOn);
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getTemplateId())
                  .isEqualTo(NotificationTemplates.FACILITATOR_HELP_REQUEST.id());
              assertThat(n.getFields())
                  .containsEntry("activity", "Collect a prescription from the pharmacy")
                  .containsEntry("linkWorkerName", "City Social Prescribing Hub");
            });
    // and a street coordinator (a community group) passing it on reads the same way
    passedOn.setRequestedBy(
        Fixtures.actor(
            org.pathway.events.avro.ActorKind.COMMUNITY_GROUP,
            "HealthcareService/debt-advice-drop-in",
            "Debt Advice Drop-in"));
    assertThat(policy.decide(passedOn).notifications().get(0).getTemplateId())
        .isEqualTo(NotificationTemplates.FACILITATOR_HELP_REQUEST.id());
    // while a link worker's referral still asks the group to take a new member
    assertThat(
            policy
                .decide(Fixtures.onwardReferral("o-member", "walk-and-talk"))
                .notifications()
                .get(0)
                .getTemplateId())
        .isEqualTo(NotificationTemplates.FACILITATOR_NEW_MEMBER.id());
  }

  @Test
  void usesTheChannelTheDirectoryGivesTheGroup() {
    assertThat(
            policy
                .decide(Fixtures.onwardReferral("o2", "debt-advice-drop-in"))
                .notifications()
                .get(0))
        .satisfies(
            n -> {
              assertThat(n.getChannel()).isEqualTo(Channel.WEBHOOK);
              assertThat(n.getRecipient().getSecretRef()).isEqualTo("debt-advice-webhook");
            });
  }

  @Test
  void putsAReferralOnTheWaitlistOfAFullGroupThatHasOne() {
    RouterOutput out = policy.decide(Fixtures.onwardReferral("o3", "allotment-friends"));
    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.WAITLIST);
    assertThat(out.notifications().get(0).getTemplateId())
        .isEqualTo(NotificationTemplates.FACILITATOR_WAITLIST.id());
  }

  @Test
  void doesNotOfferAGroupWithNoCapacityAndSaysWhy() {
    RouterOutput out = policy.decide(Fixtures.onwardReferral("o4", "english-conversation"));
    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
    assertThat(out.decisions().get(0).getExplanation())
        .contains("English Conversation Café has no place left and no waitlist");
    assertThat(out.notifications())
        .extracting(n -> n.getAudience())
        .containsExactly(Audience.LINK_WORKER);
  }

  @Test
  void aReferralTheLedgerWaitlistedGoesToTheFacilitatorAsAWaitlistPlaceWhateverTheRouterThought() {
    // given the router's directory says walk-and-talk has places, but the ledger counted none
    var referral = Fixtures.onwardReferral("w1", "walk-and-talk");
    referral.setTaskStatus(TaskStatus.ON_HOLD);
    referral.setWaitlistPosition(2);
    referral.setGroupCapacity(CapacityStatus.NO_CAPACITY_HAS_WAITLIST);

    RouterOutput out = policy.decide(referral);

    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.WAITLIST);
    assertThat(out.decisions().get(0).getExplanation()).contains("at position 2");
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.getTemplateId())
                    .isEqualTo(NotificationTemplates.FACILITATOR_WAITLIST.id()));
  }

  @Test
  void aReferralTheLedgerRefusedIsNeverSentToTheFacilitatorAndTheLinkWorkerIsTold() {
    var referral = Fixtures.onwardReferral("w2", "walk-and-talk");
    referral.setTaskStatus(TaskStatus.REJECTED);
    referral.setGroupCapacity(CapacityStatus.NO_CAPACITY);

    RouterOutput out = policy.decide(referral);

    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getAudience()).isEqualTo(Audience.LINK_WORKER);
              assertThat(n.getTemplateId())
                  .isEqualTo(NotificationTemplates.LINK_WORKER_GROUP_FULL.id());
              assertThat(n.getFields().get("capacityNote")).contains("no place left");
              assertThat(n.getTaskId()).isEqualTo("task-w2");
            });
  }

  @Test
  void aReferralTheLedgerAskedTheGroupForGoesToTheFacilitatorThoughTheRouterThoughtItFull() {
    var referral = Fixtures.onwardReferral("w3", "english-conversation");
    referral.setTaskStatus(TaskStatus.REQUESTED);
    referral.setGroupCapacity(CapacityStatus.CAPACITY);

    RouterOutput out = policy.decide(referral);

    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER);
    assertThat(out.notifications().get(0).getTemplateId())
        .isEqualTo(NotificationTemplates.FACILITATOR_NEW_MEMBER.id());
  }

  @Test
  void aPlaceOfferedFromTheWaitlistTellsTheFacilitatorWithALinkAndTheLinkWorker() {
    // given the ledger offered a freed place at the allotment group to the first person waiting
    var created = Fixtures.onwardReferral("w4", "allotment-friends");
    var offered =
        Fixtures.groupTaskChange(
                "w4", "allotment-friends", TaskStatus.ON_HOLD, TaskStatus.REQUESTED)
            .setBusinessStatus(Fixtures.coding("place-offered", "Place offered"))
            .build();

    RouterOutput out =
        policy.placeOffered(
            offered, Optional.of(OnwardReferral.of(created)), Fixtures.known("A81001"));

    assertThat(out.decisions()).isEmpty();
    assertThat(out.notifications()).hasSize(2);
    var facilitator = out.notifications().get(0);
    assertThat(facilitator.getAudience()).isEqualTo(Audience.FACILITATOR);
    assertThat(facilitator.getTemplateId())
        .isEqualTo(NotificationTemplates.FACILITATOR_NEW_MEMBER.id());
    assertThat(facilitator.getTaskId()).isEqualTo("task-group-w4");
    assertThat(facilitator.getFields())
        .containsEntry("activity", "Walking group")
        .containsEntry("linkWorkerName", "North PCN Link Workers")
        .containsEntry("sessionDate", "Tuesday 10 November 2026")
        .containsKey("respondUrl")
        .doesNotContainKey("nhsNumber");
    var linkWorker = out.notifications().get(1);
    assertThat(linkWorker.getAudience()).isEqualTo(Audience.LINK_WORKER);
    assertThat(linkWorker.getTemplateId())
        .isEqualTo(NotificationTemplates.LINK_WORKER_PLACE_OFFERED.id());
    assertThat(linkWorker.getTaskId()).isEqualTo("task-w4");
    assertThat(linkWorker.getFields()).containsEntry("groupName", "Friends of the Allotment");
  }

  @Test
  void aPlaceOfferedWhoseReferrerTheRouterNeverSawIsUnroutableForTheLinkWorkerNotSilent() {
    var offered =
        Fixtures.groupTaskChange(
                "w5", "allotment-friends", TaskStatus.ON_HOLD, TaskStatus.REQUESTED)
            .setBusinessStatus(Fixtures.coding("place-offered", "Place offered"))
            .build();

    RouterOutput out = policy.placeOffered(offered, Optional.empty(), KnownReferral.unknown());

    assertThat(out.notifications())
        .extracting(n -> n.getAudience())
        .containsExactly(Audience.FACILITATOR);
    assertThat(out.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.getAction()).isEqualTo(RoutingAction.UNROUTABLE));
  }

  @Test
  void noOtherTaskChangeIsAPlaceOffered() {
    var accepted =
        Fixtures.groupTaskChange("w6", "allotment-friends", TaskStatus.ON_HOLD, TaskStatus.ACCEPTED)
            .setBusinessStatus(Fixtures.coding("place-offered", "Place offered"))
            .build();
    assertThat(
            policy
                .placeOffered(accepted, Optional.empty(), KnownReferral.unknown())
                .notifications())
        .isEmpty();
  }

  @Test
  void refusesUnknownGroups() {
    RouterOutput out = policy.decide(Fixtures.onwardReferral("o5", "no-such-group"));
    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.UNROUTABLE);
  }

  @Test
  void theAllowlistRefusesAnyOtherFieldForAFacilitator() {
    assertThatThrownBy(
            () ->
                NotificationTemplates.FACILITATOR_NEW_MEMBER.check(
                    Map.of("personFirstName", "A", "nhsNumber", "9434765919")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nhsNumber");
  }
}
