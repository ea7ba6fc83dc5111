package org.pathway.router.wiring;

import java.util.List;
import java.util.Optional;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.PersonContact;
import org.pathway.router.decision.RoutedReferral;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.decision.Subscribers;
import org.pathway.router.idempotency.OnwardReferralMemory;
import org.pathway.router.idempotency.PersonContactMemory;
import org.pathway.router.idempotency.ReferralMemory;
import org.pathway.router.idempotency.RoutedReferralMemory;
import org.pathway.router.idempotency.TaskOwnerMemory;
import org.pathway.router.policy.CancellationPolicy;
import org.pathway.router.policy.ConsentPolicy;
import org.pathway.router.policy.EscalationPolicy;
import org.pathway.router.policy.GpFeedbackPolicy;
import org.pathway.router.policy.GroupAnswerPolicy;
import org.pathway.router.policy.NewReferralNoticePolicy;
import org.pathway.router.policy.OnwardReferralPolicy;
import org.pathway.router.policy.PersonNoticePolicy;
import org.pathway.router.policy.SubscriptionPolicy;
import org.pathway.router.policy.SubscriptionPolicy.TaskChange;
import org.pathway.router.routing.ReferralTriage;

/**
 * One method per decision route: looks up what the event lacks (the referral's practice and person,
 * who referred a group's Task on) and calls the pure policies, then narrows every notification to
 * what the referral's consent lets its audience be told. Named {@code decisions} for the routes.
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
  private final PersonNoticePolicy personNotices;
  private final PersonContactMemory people;
  private final SubscriptionPolicy subscriptions;
  private final Subscribers subscribers;
  private final NewReferralNoticePolicy newReferralNotices;
  private final RoutedReferralMemory routed;

  /**
   * @param personNotices the person's next steps, sent only with their consent
   * @param people the consenting person's chosen address, per referral
   * @param subscriptions turns a Task change into each matching subscriber's rest-hook
   * @param subscribers the subscriptions known (from {@code pathway.subscriptions})
   * @param newReferralNotices the link-worker service's notice, once the ledger made it the owner
   * @param routed what triage routed, per Task, until the ledger announces the owner
   */
  public RouterDecisions(
      ReferralTriage triage,
      OnwardReferralPolicy onward,
      GpFeedbackPolicy feedback,
      GroupAnswerPolicy groupAnswer,
      EscalationPolicy escalation,
      ReferralMemory referrals,
      OnwardReferralMemory onwardReferrals,
      CancellationPolicy cancellation,
      TaskOwnerMemory owners,
      PersonNoticePolicy personNotices,
      PersonContactMemory people,
      SubscriptionPolicy subscriptions,
      Subscribers subscribers,
      NewReferralNoticePolicy newReferralNotices,
      RoutedReferralMemory routed) {
    this.triage = triage;
    this.onward = onward;
    this.feedback = feedback;
    this.groupAnswer = groupAnswer;
    this.escalation = escalation;
    this.referrals = referrals;
    this.onwardReferrals = onwardReferrals;
    this.cancellation = cancellation;
    this.owners = owners;
    this.personNotices = personNotices;
    this.people = people;
    this.subscriptions = subscriptions;
    this.subscribers = subscribers;
    this.newReferralNotices = newReferralNotices;
    this.routed = routed;
  }

  public RouterOutput triage(ReferralReceived referral) {
    // Remembered before the decision is published, so a later Task change can find the GP.
    String referralId = referral.getEnvelope().getReferralId();
    KnownReferral known = KnownReferral.of(referral);
    referrals.remember(referralId, known);
    // Only a consenting person's chosen address is kept, for their next steps.
    people.remember(referralId, PersonContact.of(referral.getPerson()));
    RouterOutput output = triage.triage(referral);
    // The service the Task goes to holds it until a Task change says otherwise: told if cancelled.
    // It hears of the referral when the ledger announces it owns the Task (kept for then), or now
    // when it owned the Task from intake, since then no change of owner will be announced.
    for (var decision : output.decisions()) {
      if (decision.getAction() != RoutingAction.UNROUTABLE
          && decision.getTarget() != null
          && decision.getTarget().getReference() != null) {
        owners.remember(referralId, decision.getTaskId(), decision.getTarget().getReference());
        RoutedReferral routing = RoutedReferral.of(referral, decision);
        if (NewReferralNoticePolicy.ownedAtIntake(referral, routing)) {
          output = output.and(newReferralNotices.alreadyOwned(referral, routing, known));
        } else {
          routed.remember(referralId, routing);
        }
      }
    }
    return ConsentPolicy.apply(
        known.consent(), output.and(toSubscribers(TaskChange.received(referral))));
  }

  /** Each matching subscriber's rest-hook for {@code change}. */
  private RouterOutput toSubscribers(TaskChange change) {
    if (subscriptions == null) {
      return RouterOutput.none();
    }
    return new RouterOutput(List.of(), subscriptions.decide(change, subscribers.active()));
  }

  /**
   * The directory's push is the fallback: a practice whose own subscription hears this change is
   * not pushed to a second time.
   */
  private boolean heardBySubscription(KnownReferral referral, TaskChange change) {
    return subscriptions != null
        && SubscriptionPolicy.heardBy(referral.practiceOdsCode(), change, subscribers.active());
  }

  /** The requester of Task {@code taskId}: the link worker who referred on, else the practice. */
  private String requesterOf(String taskId, KnownReferral referral) {
    return onwardReferrals
        .recall(taskId)
        .map(OnwardReferral::linkWorkerReference)
        .orElse(
            referral.practiceOdsCode() == null
                ? null
                : "Organization/" + referral.practiceOdsCode());
  }

  public RouterOutput onwardReferral(OnwardReferralCreated referral) {
    // Remembered first, so the group's answer can find the link worker who referred on.
    String referralId = referral.getEnvelope().getReferralId();
    onwardReferrals.remember(referralId, OnwardReferral.of(referral));
    // The group holds its Task: told if the referral is cancelled.
    if (referral.getGroupService() != null && referral.getGroupService().getReference() != null) {
      owners.remember(referralId, referral.getTaskId(), referral.getGroupService().getReference());
    }
    // The group hears only under a consent that lets groups be told (the ledger refuses it too).
    return ConsentPolicy.apply(
        referrals.recall(referralId).consent(),
        onward.decide(referral).and(toSubscribers(TaskChange.onward(referral))));
  }

  /**
   * A Task changed: the link-worker service it was routed to hears of the new referral once it owns
   * it, the GP may be told, the link worker hears a group's answer, and the person (when they
   * consented) their next steps.
   */
  public RouterOutput taskChanged(TaskStatusChanged change) {
    String referralId = change.getEnvelope().getReferralId();
    KnownReferral referral = referrals.recall(referralId);
    if (change.getOwner() != null && change.getOwner().getReference() != null) {
      // The ledger's word on who holds the Task now (a reassignment, a waitlist) wins.
      owners.remember(
          change.getEnvelope().getReferralId(),
          change.getTaskId(),
          change.getOwner().getReference());
    }
    boolean root = change.getParentTaskId() == null;
    TaskChange asChanged =
        TaskChange.changed(
            change,
            requesterOf(change.getTaskId(), referral),
            root ? "ServiceRequest/" + referralId : null);
    RouterOutput told =
        heardBySubscription(referral, asChanged)
            ? RouterOutput.none()
            : feedback.decide(change, referral);
    if (root && change.getOwner() != null && change.getEnvelope().getCausationId() != null) {
      told =
          told.and(newReferralNotices.decide(change, routed.recall(change.getTaskId()), referral));
    }
    if (!root) {
      Optional<OnwardReferral> referredOn = onwardReferrals.recall(change.getTaskId());
      // A group's answer reaches the link worker; a place offered from the waitlist, the
      // facilitator and the link worker.
      told =
          told.and(groupAnswer.decide(change, referredOn, referral))
              .and(onward.placeOffered(change, referredOn, referral));
    }
    return ConsentPolicy.apply(
        referral.consent(),
        told.and(personNotices.decide(change, people.recall(referralId)))
            .and(toSubscribers(asChanged)));
  }

  /** A referral was cancelled: whoever holds its Task and each cascaded child Task is told. */
  public RouterOutput cancelled(ReferralCancelled cancelled) {
    KnownReferral referral = referrals.recall(cancelled.getEnvelope().getReferralId());
    String taskId = cancelled.getTaskId();
    var holder = owners.recall(taskId);
    boolean root = onwardReferrals.recall(taskId).isEmpty();
    TaskChange asChanged =
        TaskChange.cancelled(
            cancelled,
            requesterOf(taskId, referral),
            holder.map(ref -> new Actor(ActorKind.UNKNOWN, ref, null, null)).orElse(null),
            root ? "ServiceRequest/" + cancelled.getServiceRequestId() : null);
    RouterOutput gp =
        heardBySubscription(referral, asChanged)
            ? RouterOutput.none()
            : feedback.decideCancelled(cancelled, referral, holder);
    return ConsentPolicy.apply(
        referral.consent(),
        cancellation
            .decide(cancelled, owners::recall, referral)
            .and(gp)
            .and(toSubscribers(asChanged)));
  }

  public RouterOutput escalation(ReferralOverdue overdue) {
    KnownReferral referral = referrals.recall(overdue.getEnvelope().getReferralId());
    return ConsentPolicy.apply(referral.consent(), escalation.decide(overdue, referral));
  }
}
