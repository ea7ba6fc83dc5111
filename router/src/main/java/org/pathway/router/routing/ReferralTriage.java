package org.pathway.router.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.RouterOutput;

/**
 * Decides which link-worker service gets a new referral: the first rule (by priority) that matches
 * and whose service has capacity; a service with a waitlist only if no later rule offers capacity;
 * otherwise the default service. Every service passed over is named in the explanation. Only the
 * decision: the service hears of the referral once the ledger says it owns the Task ({@code
 * NewReferralNoticePolicy}).
 */
public final class ReferralTriage {

  /** Rule id recorded when the default service took the referral. */
  public static final String DEFAULT_RULE = "default";

  private final TriageRules rules;

  private final Directory directory;
  private final EventFactory events;

  public ReferralTriage(TriageRules rules, Directory directory, EventFactory events) {
    this.rules = rules;
    this.directory = directory;
    this.events = events;
  }

  public RouterOutput triage(ReferralReceived referral) {
    ReferralFacts facts = ReferralFacts.of(referral);
    List<String> passedOver = new ArrayList<>();
    Choice waitlisted = null;
    Choice chosen = null;
    for (TriageRule rule : rules.rules()) {
      if (!rule.matches(facts)) {
        continue;
      }
      Optional<DirectoryEntry> service = directory.byId(rule.routeTo());
      if (service.isEmpty()) {
        passedOver.add(
            "rule " + rule.id() + " matched but " + rule.routeTo() + " is not in the directory");
        continue;
      }
      CapacityStatus capacity = service.get().capacity();
      String why = "rule " + rule.id() + " matched (" + rule.describe() + ")";
      if (capacity == CapacityStatus.NO_CAPACITY) {
        passedOver.add(why + " but " + service.get().name() + " has no capacity");
      } else if (capacity == CapacityStatus.NO_CAPACITY_HAS_WAITLIST) {
        passedOver.add(why + " but " + service.get().name() + " has only a waitlist");
        waitlisted = waitlisted == null ? new Choice(rule.id(), service.get(), why) : waitlisted;
      } else {
        chosen = new Choice(rule.id(), service.get(), why);
        break;
      }
    }
    if (chosen == null && waitlisted != null) {
      chosen = waitlisted;
    }
    if (chosen == null) {
      Optional<DirectoryEntry> fallback = directory.byId(rules.defaultService());
      if (fallback.isEmpty()) {
        return unroutable(referral, passedOver);
      }
      chosen = new Choice(DEFAULT_RULE, fallback.get(), "no rule offered a service with capacity");
    }
    RoutingAction action =
        chosen.service().capacity() == CapacityStatus.NO_CAPACITY_HAS_WAITLIST
            ? RoutingAction.WAITLIST
            : RoutingAction.ASSIGN_OWNER;
    StringBuilder explanation =
        new StringBuilder(chosen.why()).append(": ").append(chosen.service().name());
    if (action == RoutingAction.WAITLIST) {
      explanation.append(" (waitlist)");
    }
    if (!passedOver.isEmpty()) {
      explanation.append("; passed over: ").append(String.join("; ", passedOver));
    }
    if (chosen.service().preferredChannel().isEmpty()) {
      // Said here, where the choice is explained: its notice follows only the ledger's word.
      explanation.append("; ").append(chosen.service().name()).append(" has no channel");
    }
    RoutingDecisionMade decision =
        events.decision(
            referral.getEnvelope(),
            referral,
            referral.getTaskId(),
            action,
            chosen.service().toActor(),
            chosen.ruleId(),
            chosen.service().capacity(),
            explanation.toString());
    return new RouterOutput(List.of(decision), List.of());
  }

  private RouterOutput unroutable(ReferralReceived referral, List<String> passedOver) {
    String explanation =
        "default service "
            + rules.defaultService()
            + " is not in the directory"
            + (passedOver.isEmpty() ? "" : "; passed over: " + String.join("; ", passedOver));
    return new RouterOutput(
        List.of(
            events.decision(
                referral.getEnvelope(),
                referral,
                referral.getTaskId(),
                RoutingAction.UNROUTABLE,
                null,
                DEFAULT_RULE,
                CapacityStatus.UNKNOWN,
                explanation)),
        List.of());
  }

  private record Choice(String ruleId, DirectoryEntry service, String why) {}
}
