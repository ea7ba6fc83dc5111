package org.pathway.fhiradapter.applier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Communication.CommunicationStatus;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.fhiradapter.ledger.LadderDecisions;
import org.pathway.fhiradapter.ledger.TaskCodes;

class EventApplicationTest {

  private static final EventEnvelope ENV =
      EventEnvelope.newBuilder()
          .setEventId(UUID.randomUUID())
          .setOccurredAt(Instant.now())
          .setReferralId("r1")
          .setCorrelationId("c1")
          .setProducer("test")
          .build();

  @Test
  void assignOwnerWithoutTargetIsUnusable() {
    var decision =
        RoutingDecisionMade.newBuilder()
            .setEnvelope(ENV)
            .setTaskId("t1")
            .setAction(RoutingAction.ASSIGN_OWNER)
            .setRuleId("r")
            .setCapacity(CapacityStatus.UNKNOWN)
            .setExplanation("")
            .setCausedByEventType("ReferralReceived")
            .build();
    assertThatThrownBy(() -> EventApplication.plan(decision))
        .isInstanceOf(EventApplication.Unusable.class);
  }

  @Test
  void aReferralWaitlistedAtAServiceIsOwnedByItUnlessAlreadyOwned() {
    var decision =
        RoutingDecisionMade.newBuilder()
            .setEnvelope(ENV)
            .setTaskId("t1")
            .setAction(RoutingAction.WAITLIST)
            .setTarget(
                Actor.newBuilder()
                    .setKind(ActorKind.LINK_WORKER_SERVICE)
                    .setReference("HealthcareService/lw-east")
                    .build())
            .setRuleId("r")
            .setCapacity(CapacityStatus.NO_CAPACITY_HAS_WAITLIST)
            .setExplanation("")
            .setCausedByEventType("ReferralReceived")
            .build();
    var plan = EventApplication.plan(decision);

    assertThat(plan.change().apply(new Task()).getOwner().getReference())
        .isEqualTo("HealthcareService/lw-east");
    Task owned = new Task();
    owned.getOwner().setReference("HealthcareService/walk-and-talk");
    assertThat(plan.change().apply(owned)).isNull();
  }

  @Test
  void deliveryNeverOverwritesALaterBusinessStatus() {
    var delivered =
        NotificationDelivered.newBuilder()
            .setEnvelope(ENV)
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.EMAIL)
            .setAttempts(1)
            .setDeliveredAt(Instant.now())
            .build();
    var plan = EventApplication.plan(delivered);
    Task fresh = new Task();
    assertThat(plan.change().apply(fresh).getBusinessStatus().getCodingFirstRep().getCode())
        .isEqualTo("delivered");
    Task later = new Task().setBusinessStatus(TaskCodes.businessStatus("plan-agreed"));
    assertThat(plan.change().apply(later)).isNull();
    assertThat(plan.communication().getStatus()).isEqualTo(CommunicationStatus.COMPLETED);
  }

  @Test
  void failureRecordsANotDoneCommunicationAndLeavesTheTask() {
    var failed =
        NotificationFailed.newBuilder()
            .setEnvelope(ENV)
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.SMS)
            .setAttempts(List.of())
            .setReason("number unreachable")
            .setDeadLetterTopic("pathway.notifier.dlq")
            .build();
    var plan = EventApplication.plan(failed);
    assertThat(plan.change().apply(new Task())).isNull();
    assertThat(plan.communication().getStatus()).isEqualTo(CommunicationStatus.NOTDONE);
    assertThat(plan.communication().getStatusReason().getText()).isEqualTo("number unreachable");
  }

  private static RoutingDecisionMade overdueDecision(RoutingAction action, String causedBy) {
    return RoutingDecisionMade.newBuilder()
        .setEnvelope(
            EventEnvelope.newBuilder(ENV)
                .setEventId(UUID.randomUUID())
                .setCausationId("overdue-event-1")
                .build())
        .setTaskId("t1")
        .setAction(action)
        .setRuleId("nudge")
        .setCapacity(CapacityStatus.UNKNOWN)
        .setExplanation("")
        .setCausedByEventType(causedBy)
        .build();
  }

  @Test
  void aNudgeOnAnOverdueStepArmsTheRungTheRouterNamesNext() {
    var decision =
        overdueDecision(RoutingAction.NUDGE_OWNER, "org.pathway.events.avro.ReferralOverdue");
    Instant next = Instant.parse("2026-11-22T09:00:00Z");
    decision.setNextRung(org.pathway.events.avro.OverdueRung.ESCALATE);
    decision.setNextRungDueAt(next);

    var ladder = EventApplication.ladder(decision, "pathway.routing.decisions").orElseThrow();

    assertThat(ladder.kind()).isEqualTo(LadderDecisions.Kind.NUDGE);
    assertThat(ladder.overdueEventId()).isEqualTo("overdue-event-1");
    assertThat(ladder.nextRung()).isEqualTo("escalate");
    assertThat(ladder.nextRungDueAt()).isEqualTo(next);
  }

  @Test
  void aReturnEndsTheLadderAndOnlyDecisionsOnOverdueStepsClimbIt() {
    var ret =
        EventApplication.ladder(
                overdueDecision(
                    RoutingAction.RETURN_TO_REFERRER, "org.pathway.events.avro.ReferralOverdue"),
                "t")
            .orElseThrow();
    assertThat(ret.kind()).isEqualTo(LadderDecisions.Kind.RETURN);
    assertThat(ret.nextRung()).isNull();

    assertThat(
            EventApplication.ladder(
                overdueDecision(
                    RoutingAction.NUDGE_OWNER, "org.pathway.events.avro.ReferralReceived"),
                "t"))
        .isEmpty();
    assertThat(
            EventApplication.ladder(
                overdueDecision(
                    RoutingAction.UNROUTABLE, "org.pathway.events.avro.ReferralOverdue"),
                "t"))
        .isEmpty();
  }

  @Test
  void receiptsAreFiledUnderTheTaskTheirNotificationConcerned() {
    var delivered =
        NotificationDelivered.newBuilder()
            .setEnvelope(ENV)
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.EMAIL)
            .setAttempts(1)
            .setDeliveredAt(Instant.now())
            .setTaskId("child-task")
            .build();
    var failed =
        NotificationFailed.newBuilder()
            .setEnvelope(ENV)
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.EMAIL)
            .setAttempts(List.of())
            .setReason("mailbox full")
            .setDeadLetterTopic("pathway.notifier.dlq")
            .setTaskId("child-task")
            .build();

    assertThat(EventApplication.plan(delivered).taskId()).isEqualTo("child-task");
    assertThat(EventApplication.plan(failed).taskId()).isEqualTo("child-task");
  }

  @Test
  void aReceiptWithoutATaskIdGoesToTheReferralsFirstTask() {
    var delivered =
        NotificationDelivered.newBuilder()
            .setEnvelope(ENV)
            .setNotificationId(UUID.randomUUID())
            .setChannel(Channel.EMAIL)
            .setAttempts(1)
            .setDeliveredAt(Instant.now())
            .build();

    // null: the applier takes the first Task of the envelope's referral
    assertThat(EventApplication.plan(delivered).taskId()).isNull();
  }
}
