package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.RouterOutput;

class CancellationPolicyTest {

  private final CancellationPolicy policy =
      new CancellationPolicy(Fixtures.demoDirectory(), TestLinks.events());

  private static ReferralCancelled cancelled(List<String> children) {
    return ReferralCancelled.newBuilder()
        .setEnvelope(Fixtures.envelope("r1"))
        .setServiceRequestId("sr-1")
        .setTaskId("task-r1")
        .setCascadedTaskIds(children)
        .setReason(
            Coding.newBuilder()
                .setSystem("http://example.org/cancel-reason")
                .setCode("moved-away")
                .setDisplay("Patient moved out of the area")
                .build())
        .setCancelledBy(Fixtures.actor(ActorKind.GP_PRACTICE, "Organization/A81001", "Practice"))
        .build();
  }

  private RouterOutput decide(
      ReferralCancelled event, Map<String, String> owners, KnownReferral referral) {
    return policy.decide(event, t -> Optional.ofNullable(owners.get(t)), referral);
  }

  private static Map<String, String> bothKnown() {
    return Map.of(
        "task-r1", "HealthcareService/lw-north",
        "task-g1", "HealthcareService/walk-and-talk");
  }

  @Test
  void theLinkWorkerIsToldTheReferralWasWithdrawnAndWhyWithNothingToAnswer() {
    RouterOutput out = decide(cancelled(List.of()), bothKnown(), Fixtures.known("A81001"));

    assertThat(out.decisions()).isEmpty();
    NotificationRequested note = out.notifications().get(0);
    assertThat(out.notifications()).hasSize(1);
    assertThat(note.getTemplateId())
        .isEqualTo(NotificationTemplates.LINK_WORKER_REFERRAL_CANCELLED.id());
    assertThat(note.getAudience()).isEqualTo(Audience.LINK_WORKER);
    assertThat(note.getRecipient().getOrganisation().getReference())
        .isEqualTo("HealthcareService/lw-north");
    assertThat(note.getTaskId()).isEqualTo("task-r1");
    assertThat(note.getFields())
        .containsEntry("personName", "Alex Jones")
        .containsEntry("taskId", "task-r1")
        .containsEntry("reason", "Patient moved out of the area")
        .doesNotContainKey(NotificationTemplate.RESPOND_URL);
  }

  @Test
  void theGroupOfEachCascadedChildIsToldWithoutTheReason() {
    RouterOutput out = decide(cancelled(List.of("task-g1")), bothKnown(), Fixtures.known("A81001"));

    assertThat(out.decisions()).isEmpty();
    assertThat(out.notifications()).hasSize(2);
    NotificationRequested group = out.notifications().get(1);
    assertThat(group.getTemplateId())
        .isEqualTo(NotificationTemplates.FACILITATOR_REFERRAL_CANCELLED.id());
    assertThat(group.getAudience()).isEqualTo(Audience.FACILITATOR);
    assertThat(group.getRecipient().getOrganisation().getReference())
        .isEqualTo("HealthcareService/walk-and-talk");
    assertThat(group.getTaskId()).isEqualTo("task-g1");
    assertThat(group.getFields())
        .containsEntry("personFirstName", "Alex")
        .containsEntry("groupName", "Walk and Talk Group")
        .containsEntry("taskId", "task-g1")
        .doesNotContainKeys("reason", "personName", NotificationTemplate.RESPOND_URL);
    assertThat(group.getFields().values()).noneMatch(v -> v.contains("moved out"));
    // Each message its own id, so neither deduplicates the other away.
    assertThat(group.getNotificationId())
        .isNotEqualTo(out.notifications().get(0).getNotificationId());
  }

  @Test
  void aHolderTheRouterCannotReachIsAnUnroutableDecisionNotSilence() {
    RouterOutput out =
        decide(
            cancelled(List.of("task-g1")),
            Map.of(
                "task-r1", "HealthcareService/lw-north",
                "task-g1", "HealthcareService/closed-group"),
            Fixtures.known("A81001"));

    assertThat(out.notifications())
        .singleElement()
        .satisfies(n -> assertThat(n.getTaskId()).isEqualTo("task-r1"));
    RoutingDecisionMade decision = out.decisions().get(0);
    assertThat(out.decisions()).hasSize(1);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.UNROUTABLE);
    assertThat(decision.getTaskId()).isEqualTo("task-g1");
    assertThat(decision.getRuleId()).isEqualTo(CancellationPolicy.RULE);
    assertThat(decision.getExplanation()).contains("HealthcareService/closed-group");
  }

  @Test
  void aReferralTheRouterNeverSawStillYieldsADecision() {
    RouterOutput out = decide(cancelled(List.of("task-g1")), Map.of(), KnownReferral.unknown());

    assertThat(out.notifications()).isEmpty();
    assertThat(out.decisions())
        .extracting(RoutingDecisionMade::getTaskId, RoutingDecisionMade::getAction)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("task-r1", RoutingAction.UNROUTABLE),
            org.assertj.core.groups.Tuple.tuple("task-g1", RoutingAction.UNROUTABLE));
    assertThat(out.decisions().get(0).getExplanation()).contains("never learnt");
    assertThat(out.decisions().get(0).getEnvelope().getEventId())
        .isNotEqualTo(out.decisions().get(1).getEnvelope().getEventId());
  }

  @Test
  void aReferralWithoutAKnownPersonStillTellsTheHolders() {
    RouterOutput out = decide(cancelled(List.of("task-g1")), bothKnown(), KnownReferral.unknown());

    assertThat(out.notifications()).hasSize(2);
    assertThat(out.notifications().get(0).getFields())
        .containsEntry("personName", "the person referred");
    assertThat(out.notifications().get(1).getFields())
        .containsEntry("personFirstName", "The person referred");
  }
}
