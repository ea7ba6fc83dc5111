package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
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
        .contains("English Conversation Café has no capacity");
    assertThat(out.notifications())
        .extracting(n -> n.getAudience())
        .containsExactly(Audience.LINK_WORKER);
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
