package org.pathway.router.wiring;

import java.util.Optional;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.idempotency.OnwardReferralMemory;
import org.pathway.router.idempotency.ReferralMemory;
import org.pathway.router.idempotency.TaskOwnerMemory;
import org.pathway.router.policy.CancellationPolicy;
import org.pathway.router.policy.EscalationPolicy;
import org.pathway.router.policy.GpFeedbackPolicy;
import org.pathway.router.policy.GroupAnswerPolicy;
import org.pathway.router.policy.OnwardReferralPolicy;
import org.pathway.router.routing.ReferralTriage;

/**
 * One method per decision route: looks up what the event lacks (the referral's practice and person,
 * who referred a group's Task on) and calls the pure policies. Named {@code decisions} for the
 * routes.
 */
public final class RouterDecisions {

  private final ReferralTriage triage;
  private final OnwardReferralPolicy onward;
  private final GpFeedbackPolicy feedback;
  private final GroupAnswerPolicy groupAnswer;
  private final EscalationPolicy escalation;
  private final ReferralMemory referrals;
  private final OnwardReferralMemory onwardReferrals;
  private final CancellationPolicy cancellation;
  private final TaskOwnerMemory owners;

  public RouterDecisions(
      ReferralTriage triage,
      OnwardReferralPolicy onward,
      GpFeedbackPolicy feedback,
      GroupAnswerPolicy groupAnswer,
      EscalationPolicy escalation,
      ReferralMemory referrals,
      OnwardReferralMemory onwardReferrals,
      CancellationPolicy cancellation,
      TaskOwnerMemory owners) {
    this.triage = triage;
    this.onward = onward;
    this.feedback = feedback;
    this.groupAnswer = groupAnswer;
    this.escalation = escalation;
    this.referrals = referrals;
    this.onwardReferrals = onwardReferrals;
    this.cancellation = cancellation;
    this.owners = owners;
  }

  public RouterOutput triage(ReferralReceived referral) {
    // Remembered before the decision is published, so a later Task change can find the GP.
    String referralId = referral.getEnvelope().getReferralId();
    referrals.remember(referralId, KnownReferral.of(referral));
    RouterOutput output = triage.triage(referral);
    // The service the Task goes to holds it until a Task change says otherwise: told if cancelled.
    for (var decision : output.decisions()) {
      if (decision.getAction() != RoutingAction.UNROUTABLE
          && decision.getTarget() != null
          && decision.getTarget().getReference() != null) {
        owners.remember(referralId, decision.getTaskId(), decision.getTarget().getReference());
      }
    }
    return output;
  }

  public RouterOutput onwardReferral(OnwardReferralCreated referral) {
    // Remembered first, so the group's answer can find the link worker who referred on.
    String referralId = referral.getEnvelope().getReferralId();
    onwardReferrals.remember(referralId, OnwardReferral.of(referral));
    // The group holds its Task: told if the referral is cancelled.
    if (referral.getGroupService() != null && referral.getGroupService().getReference() != null) {
      owners.remember(referralId, referral.getTaskId(), referral.getGroupService().getReference());
    }
    return onward.decide(referral);
  }

  /** A Task changed: the GP may be told, and the link worker hears a group's answer. */
  public RouterOutput taskChanged(TaskStatusChanged change) {
    KnownReferral referral = referrals.recall(change.getEnvelope().getReferralId());
    if (change.getOwner() != null && change.getOwner().getReference() != null) {
      // The ledger's word on who holds the Task now (a reassignment, a waitlist) wins.
      owners.remember(
          change.getEnvelope().getReferralId(),
          change.getTaskId(),
          change.getOwner().getReference());
    }
    RouterOutput gp = feedback.decide(change, referral);
    if (change.getParentTaskId() == null) {
      return gp;
    }
    Optional<OnwardReferral> referredOn = onwardReferrals.recall(change.getTaskId());
    // A place offered from the waitlist: the facilitator and the link worker are told.
    return gp.and(groupAnswer.decide(change, referredOn, referral))
        .and(onward.placeOffered(change, referredOn, referral));
  }

  /** A referral was cancelled: whoever holds its Task and each cascaded child Task is told. */
  public RouterOutput cancelled(ReferralCancelled cancelled) {
    return cancellation.decide(
        cancelled, owners::recall, referrals.recall(cancelled.getEnvelope().getReferralId()));
  }

  public RouterOutput escalation(ReferralOverdue overdue) {
    return escalation.decide(overdue, referrals.recall(overdue.getEnvelope().getReferralId()));
  }
}
