package org.pathway.router.wiring;

import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.idempotency.OnwardReferralMemory;
import org.pathway.router.idempotency.ReferralMemory;
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

  public RouterDecisions(
      ReferralTriage triage,
      OnwardReferralPolicy onward,
      GpFeedbackPolicy feedback,
      GroupAnswerPolicy groupAnswer,
      EscalationPolicy escalation,
      ReferralMemory referrals,
      OnwardReferralMemory onwardReferrals) {
    this.triage = triage;
    this.onward = onward;
    this.feedback = feedback;
    this.groupAnswer = groupAnswer;
    this.escalation = escalation;
    this.referrals = referrals;
    this.onwardReferrals = onwardReferrals;
  }

  public RouterOutput triage(ReferralReceived referral) {
    // Remembered before the decision is published, so a later Task change can find the GP.
    referrals.remember(referral.getEnvelope().getReferralId(), KnownReferral.of(referral));
    return triage.triage(referral);
  }

  public RouterOutput onwardReferral(OnwardReferralCreated referral) {
    // Remembered first, so the group's answer can find the link worker who referred on.
    onwardReferrals.remember(referral.getEnvelope().getReferralId(), OnwardReferral.of(referral));
    return onward.decide(referral);
  }

  /** A Task changed: the GP may be told, and the link worker hears a group's answer. */
  public RouterOutput taskChanged(TaskStatusChanged change) {
    KnownReferral referral = referrals.recall(change.getEnvelope().getReferralId());
    RouterOutput gp = feedback.decide(change, referral);
    if (change.getParentTaskId() == null) {
      return gp;
    }
    return gp.and(groupAnswer.decide(change, onwardReferrals.recall(change.getTaskId()), referral));
  }

  public RouterOutput escalation(ReferralOverdue overdue) {
    return escalation.decide(overdue, referrals.recall(overdue.getEnvelope().getReferralId()));
  }
}
