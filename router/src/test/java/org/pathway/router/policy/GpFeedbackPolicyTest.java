package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.RouterOutput;

class GpFeedbackPolicyTest {

  private GpFeedbackPolicy policy(EnumSet<FeedbackTrigger> triggers) {
    return new GpFeedbackPolicy(
        triggers, false, Fixtures.demoDirectory(), TestLinks.events(Clock.systemUTC()));
  }

  private final GpFeedbackPolicy all = policy(EnumSet.allOf(FeedbackTrigger.class));

  @Test
  void tellsTheGpsFhirEndpointThatTheReferralWasAccepted() {
    RouterOutput out =
        all.decide(
            Fixtures.taskChange("g1", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(),
            Fixtures.known("A81001"));
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getAudience()).isEqualTo(Audience.GP);
              assertThat(n.getChannel()).isEqualTo(Channel.FHIR);
              assertThat(n.getRecipient().getAddress())
                  .isEqualTo("https://gp-a81001.example.nhs.uk/fhir");
              assertThat(n.getRecipient().getSecretRef()).isEqualTo("gp-a81001-fhir");
              assertThat(n.getFields())
                  .containsEntry("taskStatus", "accepted")
                  .containsEntry("taskId", "task-g1")
                  .containsEntry("personName", "Alex Jones")
                  .containsEntry("nhsNumber", "9434765919")
                  .containsEntry("birthDate", "1981-05-17");
              assertThat(n.getTemplateId()).isEqualTo("gp-status-update");
            });
  }

  @Test
  void givesTheReasonWhenTheReferralIsDeclined() {
    var declined =
        Fixtures.taskChange("g2", TaskStatus.REQUESTED, TaskStatus.REJECTED)
            .setStatusReason(Fixtures.coding("declined-by-patient", "Declined by patient"))
            .build();
    assertThat(all.decide(declined, Fixtures.known("A81001")).notifications().get(0).getFields())
        .containsEntry("statusReason", "Declined by patient");
  }

  @Test
  void givesTheReasonsCodeSoTheGpSystemCanFileIt() {
    var declined =
        Fixtures.taskChange("g2b", TaskStatus.REQUESTED, TaskStatus.REJECTED)
            .setStatusReason(
                org.pathway.events.avro.Coding.newBuilder()
                    .setSystem(DeclineReasons.SNOMED_CT)
                    .setCode("871711000000103")
                    .setDisplay("Social prescribing declined (situation)")
                    .build())
            .build();
    assertThat(all.decide(declined, Fixtures.known("A81001")).notifications().get(0).getFields())
        .containsEntry("statusReasonCode", DeclineReasons.SNOMED_CT + "|871711000000103")
        .containsEntry("statusReason", "Social prescribing declined (situation)");
  }

  @Test
  void takesTheDisplayOfACodedDeclineFromTheValueSetWhenTheEventHasNone() {
    var declined =
        Fixtures.taskChange("g2c", TaskStatus.REQUESTED, TaskStatus.REJECTED)
            .setStatusReason(
                new org.pathway.events.avro.Coding(
                    CodeSystems.DECLINE_REASON, "outside-area", null))
            .build();
    assertThat(all.decide(declined, Fixtures.known("A81001")).notifications().get(0).getFields())
        .containsEntry("statusReason", "Lives outside the service's area")
        .containsEntry("statusReasonCode", CodeSystems.DECLINE_REASON + "|outside-area");
  }

  @Test
  void tellsTheGpOfFirstContactOnceNotForEveryLaterVersionKeepingIt() {
    var again =
        Fixtures.taskChange("g3b", TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS)
            .setBusinessStatus(Fixtures.coding("first-conversation-held", null))
            .setPreviousBusinessStatus(Fixtures.coding("first-conversation-held", null))
            .build();
    assertThat(all.decide(again, Fixtures.known("A81001")).events()).isEmpty();
  }

  @Test
  void tellsTheGpWhenSomeoneElseCancelledTheReferral() {
    RouterOutput out =
        all.decideCancelled(
            cancelled("c1", "c1", Fixtures.actor(ActorKind.SYSTEM, "router", null)),
            Fixtures.known("A81001"),
            Optional.of("HealthcareService/lw-north"));

    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getTemplateId()).isEqualTo("gp-status-update");
              assertThat(n.getChannel()).isEqualTo(Channel.FHIR);
              assertThat(n.getTaskId()).isEqualTo("task-c1");
              assertThat(n.getFields())
                  .containsEntry("taskStatus", "cancelled")
                  .containsEntry("statusReason", "No answer in time")
                  .containsEntry("statusReasonCode", "https://example.org/reason|no-answer")
                  .containsEntry("linkWorkerService", "North PCN Link Workers")
                  .containsEntry("nhsNumber", "9434765919");
            });
  }

  @Test
  void neverTellsTheGpOfItsOwnCancel() {
    var byThePractice =
        cancelled("c2", "c2", Fixtures.actor(ActorKind.GP_PRACTICE, "practice-a81001", null));
    assertThat(
            all.decideCancelled(byThePractice, Fixtures.known("A81001"), Optional.empty()).events())
        .isEmpty();
    var byItsClient =
        cancelled(
            "c3",
            "c3",
            org.pathway.events.avro.Actor.newBuilder()
                .setKind(ActorKind.SYSTEM)
                .setReference("practice-a81001")
                .setIdentifier("A81001")
                .build());
    assertThat(
            all.decideCancelled(byItsClient, Fixtures.known("A81001"), Optional.empty()).events())
        .isEmpty();
  }

  @Test
  void leavesAGroupsCancelledTaskToTheLinkWorkerAndObeysTheSwitch() {
    var child =
        cancelled("c4", "sr-onward-c4", Fixtures.actor(ActorKind.LINK_WORKER_SERVICE, "lw", null));
    assertThat(all.decideCancelled(child, Fixtures.known("A81001"), Optional.empty()).events())
        .isEmpty();
    var byRouter = cancelled("c5", "c5", Fixtures.actor(ActorKind.SYSTEM, "router", null));
    assertThat(
            policy(EnumSet.of(FeedbackTrigger.ACCEPTED))
                .decideCancelled(byRouter, Fixtures.known("A81001"), Optional.empty())
                .events())
        .isEmpty();
  }

  @Test
  void aRedeliveredChangeYieldsTheSameMessageSoTheGpHearsOnce() {
    var accepted = Fixtures.taskChange("g9", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    var first = all.decide(accepted, Fixtures.known("A81001")).notifications().get(0);
    var again = all.decide(accepted, Fixtures.known("A81001")).notifications().get(0);
    assertThat(again.getNotificationId()).isEqualTo(first.getNotificationId());
    assertThat(again.getIdempotencyKey()).isEqualTo(first.getIdempotencyKey());
  }

  private static ReferralCancelled cancelled(
      String referralId, String serviceRequestId, org.pathway.events.avro.Actor by) {
    return ReferralCancelled.newBuilder()
        .setEnvelope(Fixtures.envelope(referralId))
        .setServiceRequestId(serviceRequestId)
        .setTaskId("task-" + referralId)
        .setCascadedTaskIds(List.of())
        .setReason(
            new org.pathway.events.avro.Coding(
                "https://example.org/reason", "no-answer", "No answer in time"))
        .setCancelledBy(by)
        .build();
  }

  @Test
  void tellsTheGpOfFirstContact() {
    var contact =
        Fixtures.taskChange("g3", TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS)
            .setBusinessStatus(
                Fixtures.coding("first-conversation-held", "First conversation held"))
            .build();
    assertThat(all.decide(contact, Fixtures.known("A81001")).notifications().get(0).getFields())
        .containsEntry("businessStatus", "first-conversation-held");
  }

  @Test
  void reportsOutcomesWhenCompleted() {
    var completed =
        Fixtures.taskChange("g4", TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
            .setOutputs(
                List.of(
                    Fixtures.output(Fixtures.score(MeasurementTiming.ENTRY, 19)),
                    Fixtures.output(Fixtures.score(MeasurementTiming.EXIT, 25))))
            .build();
    var notification = all.decide(completed, Fixtures.known("A81001")).notifications().get(0);
    assertThat(notification.getTemplateId()).isEqualTo("gp-outcome");
    assertThat(notification.getFields())
        .containsEntry("taskStatus", "completed")
        .containsEntry("outcomes", "SWEMWBS entry 19; SWEMWBS exit 25")
        .containsEntry("personName", "Alex Jones")
        .containsEntry("nhsNumber", "9434765919");
  }

  @Test
  void passesOnWhenEachScoreWasTakenAndTheGpsOwnReferralIdentifier() {
    var entry = Fixtures.score(MeasurementTiming.ENTRY, 19);
    entry.setEffectiveAtMillis(java.time.Instant.parse("2026-09-01T09:30:00Z").toEpochMilli());
    var completed =
        Fixtures.taskChange("g4t", TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
            .setOutputs(
                List.of(
                    Fixtures.output(entry),
                    Fixtures.output(Fixtures.score(MeasurementTiming.EXIT, 25))))
            .build();
    var fields = all.decide(completed, Fixtures.known("A81001")).notifications().get(0).getFields();
    assertThat(fields)
        .containsEntry("outcomes", "SWEMWBS entry 19 at 2026-09-01T09:30:00Z; SWEMWBS exit 25")
        // the GP's copy of the Task names the GP's own ServiceRequest by the id it was sent with
        .containsEntry("referralIdentifier", "https://emis.example/referrals|known");
  }

  @Test
  void readsScoresFromTheTypedFieldNotTheDisplay() {
    var completed =
        Fixtures.taskChange("g8", TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
            .setOutputs(
                List.of(
                    Fixtures.legacyOutput("Exit score")
                        .setScore(Fixtures.score(MeasurementTiming.EXIT, 30))
                        .build()))
            .build();
    assertThat(all.decide(completed, Fixtures.known("A81001")).notifications().get(0).getFields())
        .containsEntry("outcomes", "SWEMWBS exit 30");
  }

  @Test
  void readsScoresOfEventsWrittenBeforeTheyWereTyped() {
    var completed =
        Fixtures.taskChange("g9", TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
            .setOutputs(
                List.of(
                    Fixtures.legacyOutput("SWEMWBS entry 19").build(),
                    Fixtures.legacyOutput("not a score").build()))
            .build();
    assertThat(all.decide(completed, Fixtures.known("A81001")).notifications().get(0).getFields())
        .containsEntry("outcomes", "SWEMWBS entry 19");
  }

  @Test
  void staysQuietAboutChangesTheConfigurationLeavesOut() {
    GpFeedbackPolicy completedOnly = policy(EnumSet.of(FeedbackTrigger.COMPLETED));
    assertThat(
            completedOnly
                .decide(
                    Fixtures.taskChange("g5", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(),
                    Fixtures.known("A81001"))
                .events())
        .isEmpty();
  }

  @Test
  void leavesGroupTasksToTheLinkWorkerByDefault() {
    var groupTask =
        Fixtures.taskChange("g6", TaskStatus.REQUESTED, TaskStatus.ACCEPTED)
            .setParentTaskId("task-parent")
            .build();
    assertThat(all.decide(groupTask, Fixtures.known("A81001")).events()).isEmpty();
  }

  @Test
  void makesTheGapVisibleWhenThePracticeHasNoFhirEndpoint() {
    RouterOutput out =
        all.decide(
            Fixtures.taskChange("g7", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(),
            Fixtures.known("Z99999"));
    assertThat(out.notifications()).isEmpty();
    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.UNROUTABLE);
    assertThat(out.decisions().get(0).getExplanation()).contains("Z99999 is not in the directory");
  }
}
