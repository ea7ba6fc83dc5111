package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.OverdueRung;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskStatus;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.RouterOutput;

class EscalationPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");

  private final EscalationPolicy policy =
      new EscalationPolicy(
          new EscalationPolicy.Settings(Duration.ofDays(2), Duration.ofDays(7), "hub-city"),
          Fixtures.demoDirectory(),
          TestLinks.events(Clock.systemUTC()));

  private static ReferralOverdue overdue(TaskStatus status, OverdueRung rung, String ownerRef) {
    ReferralOverdue event =
        Fixtures.overdue(
            "e1",
            status,
            NOW.minus(Duration.ofDays(10)),
            NOW.minus(Duration.ofHours(5)),
            NOW,
            ownerRef == null
                ? null
                : Fixtures.actor(ActorKind.LINK_WORKER_SERVICE, ownerRef, "owner"));
    event.setRung(rung);
    event.setStepDueAt(NOW.minus(Duration.ofDays(3)));
    return event;
  }

  private RouterOutput decide(ReferralOverdue overdue) {
    return policy.decide(overdue, Fixtures.known("A81001"));
  }

  private static RoutingDecisionMade only(RouterOutput out) {
    assertThat(out.decisions()).hasSize(1);
    return out.decisions().get(0);
  }

  @Test
  void theFirstRungNudgesTheOwnerAndArmsTheEscalation() {
    RouterOutput out =
        decide(overdue(TaskStatus.REQUESTED, OverdueRung.NUDGE, "HealthcareService/lw-north"));

    RoutingDecisionMade decision = only(out);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.NUDGE_OWNER);
    assertThat(decision.getNextRung()).isEqualTo(OverdueRung.ESCALATE);
    assertThat(decision.getNextRungDueAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getAudience()).isEqualTo(Audience.LINK_WORKER);
              assertThat(n.getRecipient().getAddress()).isEqualTo("north-lw@example.org");
              // the step's own due time, not the rung's
              assertThat(n.getFields())
                  .containsEntry("dueDate", NOW.minus(Duration.ofDays(3)).toString());
            });
  }

  @Test
  void anEventFromBeforeTheLadderIsTheFirstRung() {
    ReferralOverdue old = overdue(TaskStatus.REQUESTED, null, "HealthcareService/lw-north");
    old.setStepDueAt(null);
    assertThat(only(decide(old)).getAction()).isEqualTo(RoutingAction.NUDGE_OWNER);
  }

  @Test
  void nudgesAFacilitatorWithinTheirAllowlist() {
    RouterOutput out =
        decide(overdue(TaskStatus.REQUESTED, OverdueRung.NUDGE, "HealthcareService/walk-and-talk"));
    assertThat(out.notifications().get(0).getAudience()).isEqualTo(Audience.FACILITATOR);
    assertThat(out.notifications().get(0).getTemplateId()).isEqualTo("facilitator-reminder");
    assertThat(out.notifications().get(0).getFields())
        .containsOnlyKeys("recipientName", "personFirstName", "groupName", "taskId", "respondUrl")
        .containsEntry("personFirstName", "Alex");
  }

  @Test
  void theSecondRungEscalatesToTheHubAndArmsTheReturnOfAnUnacceptedReferral() {
    RouterOutput out =
        decide(overdue(TaskStatus.REQUESTED, OverdueRung.ESCALATE, "HealthcareService/lw-north"));

    RoutingDecisionMade decision = only(out);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.ESCALATE_TO_HUB);
    assertThat(decision.getNextRung()).isEqualTo(OverdueRung.RETURN);
    assertThat(decision.getNextRungDueAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    assertThat(out.notifications().get(0).getAudience()).isEqualTo(Audience.HUB);
    assertThat(out.notifications().get(0).getRecipient().getAddress())
        .isEqualTo("hub@city-sp.example.org");
    assertThat(out.notifications().get(0).getFields())
        .containsEntry("referringPractice", "A81001")
        .containsEntry("owner", "North PCN Link Workers")
        .containsEntry("priority", "routine");
  }

  @Test
  void escalatesToTheHubWhetherOrNotTheTaskHasAnOwner() {
    RoutingDecisionMade owned =
        only(
            decide(
                overdue(TaskStatus.ACCEPTED, OverdueRung.ESCALATE, "HealthcareService/lw-north")));
    assertThat(owned.getAction()).isEqualTo(RoutingAction.ESCALATE_TO_HUB);

    // nobody to nudge: the first rung goes straight to the hub
    RouterOutput ownerless = decide(overdue(TaskStatus.REQUESTED, OverdueRung.NUDGE, null));
    assertThat(only(ownerless).getAction()).isEqualTo(RoutingAction.ESCALATE_TO_HUB);
    assertThat(only(ownerless).getNextRung()).isEqualTo(OverdueRung.RETURN);
    assertThat(ownerless.notifications().get(0).getFields()).containsEntry("owner", "nobody");
  }

  @Test
  void theLadderOfAnAcceptedStepEndsAtTheHub() {
    RoutingDecisionMade decision =
        only(
            decide(
                overdue(TaskStatus.ACCEPTED, OverdueRung.ESCALATE, "HealthcareService/lw-north")));
    assertThat(decision.getNextRung()).isNull();
    assertThat(decision.getNextRungDueAt()).isNull();
  }

  @Test
  void theLastRungReturnsAnUnacceptedReferralToTheReferrerLeavingTheGpToTheTaskChange() {
    RouterOutput out =
        decide(overdue(TaskStatus.REQUESTED, OverdueRung.RETURN, "HealthcareService/lw-north"));

    RoutingDecisionMade decision = only(out);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
    assertThat(decision.getTarget().getKind()).isEqualTo(ActorKind.GP_PRACTICE);
    assertThat(decision.getNextRung()).isNull();
    assertThat(decision.getExplanation()).contains("returned to the referrer");
    // the GP hears it once, from the rejected Task (GpFeedbackPolicy), not from here too
    assertThat(out.notifications()).isEmpty();
  }

  @Test
  void doesNotAutoReturnAnAcceptedReferralHoweverOld() {
    RoutingDecisionMade decision =
        only(
            decide(overdue(TaskStatus.ACCEPTED, OverdueRung.RETURN, "HealthcareService/lw-north")));
    assertThat(decision.getAction()).isEqualTo(RoutingAction.ESCALATE_TO_HUB);
  }
}
