package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.RouterOutput;

class EscalationPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");

  private final EscalationPolicy policy =
      new EscalationPolicy(
          new EscalationPolicy.Settings(Duration.ofDays(2), Duration.ofDays(14), "hub-city"),
          Fixtures.demoDirectory(),
          TestLinks.events(Clock.systemUTC()));

  private RouterOutput overdue(
      TaskStatus status, Duration waiting, Duration late, String ownerRef) {
    return policy.decide(
        Fixtures.overdue(
            "e1",
            status,
            NOW.minus(waiting),
            NOW.minus(late),
            NOW,
            Fixtures.actor(ActorKind.LINK_WORKER_SERVICE, ownerRef, "owner")),
        Fixtures.known("A81001"));
  }

  @Test
  void nudgesTheOwnerOfAStepThatIsALittleLate() {
    RouterOutput out =
        overdue(
            TaskStatus.REQUESTED,
            Duration.ofDays(3),
            Duration.ofHours(5),
            "HealthcareService/lw-north");
    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.NUDGE_OWNER);
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getAudience()).isEqualTo(Audience.LINK_WORKER);
              assertThat(n.getRecipient().getAddress()).isEqualTo("north-lw@example.org");
            });
  }

  @Test
  void nudgesAFacilitatorWithinTheirAllowlist() {
    RouterOutput out =
        overdue(
            TaskStatus.REQUESTED,
            Duration.ofDays(3),
            Duration.ofHours(5),
            "HealthcareService/walk-and-talk");
    assertThat(out.notifications().get(0).getAudience()).isEqualTo(Audience.FACILITATOR);
    assertThat(out.notifications().get(0).getTemplateId()).isEqualTo("facilitator-reminder");
    assertThat(out.notifications().get(0).getFields())
        .containsOnlyKeys("recipientName", "personFirstName", "groupName", "taskId", "respondUrl")
        .containsEntry("personFirstName", "Alex");
  }

  @Test
  void escalatesToTheHubWhenTheStepIsLongOverdue() {
    RouterOutput out =
        overdue(
            TaskStatus.ACCEPTED,
            Duration.ofDays(20),
            Duration.ofDays(3),
            "HealthcareService/lw-north");
    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.ESCALATE_TO_HUB);
    assertThat(out.notifications().get(0).getAudience()).isEqualTo(Audience.HUB);
    assertThat(out.notifications().get(0).getRecipient().getAddress())
        .isEqualTo("hub@city-sp.example.org");
    assertThat(out.notifications().get(0).getFields())
        .containsEntry("referringPractice", "A81001")
        .containsEntry("priority", "routine");
  }

  @Test
  void returnsToTheReferrerWhatNoProviderAcceptedInTwoWeeks() {
    RouterOutput out =
        overdue(
            TaskStatus.REQUESTED,
            Duration.ofDays(14),
            Duration.ofDays(7),
            "HealthcareService/lw-north");
    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
    assertThat(out.decisions().get(0).getExplanation()).contains("within 14 days");
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getAudience()).isEqualTo(Audience.GP);
              assertThat(n.getFields())
                  .containsEntry("taskStatus", "rejected")
                  .containsEntry("statusReason", "not accepted within 14 days")
                  .containsEntry("personName", "Alex Jones")
                  .containsEntry("nhsNumber", "9434765919");
            });
  }

  @Test
  void doesNotAutoReturnAnAcceptedReferralHoweverOld() {
    RouterOutput out =
        overdue(
            TaskStatus.ACCEPTED,
            Duration.ofDays(30),
            Duration.ofHours(1),
            "HealthcareService/lw-north");
    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.NUDGE_OWNER);
  }
}
