package org.pathway.router.wiring;

import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.idempotency.ReferralMemory;
import org.pathway.router.policy.EscalationPolicy;
import org.pathway.router.policy.GpFeedbackPolicy;
import org.pathway.router.policy.OnwardReferralPolicy;
import org.pathway.router.routing.ReferralTriage;

/**
 * One method per decision route: looks up what the event lacks (the referral's practice and person)
 * and calls the pure policy. Named {@code decisions} for the routes.
 */
public final class RouterDecisions {

  private final ReferralTriage triage;
  private final OnwardReferralPolicy onward;
  private final GpFeedbackPolicy feedback;
  private final EscalationPolicy escalation;
  private final ReferralMemory referrals;

  public RouterDecisions(
      ReferralTriage triage,
      OnwardReferralPolicy onward,
      GpFeedbackPolicy feedback,
      EscalationPolicy escalation,
      ReferralMemory referrals) {
    this.triage = triage;
    this.onward = onward;
    this.feedback = feedback;
    this.escalation = escalation;
    this.referrals = referrals;
  }

  public RouterOutput triage(ReferralReceived referral) {
    // Remembered before the decision is published, so a later Task change can find the GP.
    referrals.remember(referral.getEnvelope().getReferralId(), KnownReferral.of(referral));
    return triage.triage(referral);
  }

  public RouterOutput onwardReferral(OnwardReferralCreated referral) {
    return onward.decide(referral);
  }

  public RouterOutput gpFeedback(TaskStatusChanged change) {
    return feedback.decide(change, referrals.recall(change.getEnvelope().getReferralId()));
  }

  public RouterOutput escalation(ReferralOverdue overdue) {
    return escalation.decide(overdue, referrals.recall(overdue.getEnvelope().getReferralId()));
  }
}
