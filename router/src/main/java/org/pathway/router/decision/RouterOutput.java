package org.pathway.router.decision;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.RoutingDecisionMade;

/** What the router publishes for one input event: decisions first, then notifications. */
public record RouterOutput(
    List<RoutingDecisionMade> decisions, List<NotificationRequested> notifications) {

  public RouterOutput {
    decisions = List.copyOf(decisions);
    notifications = List.copyOf(notifications);
  }

  public static RouterOutput none() {
    return new RouterOutput(List.of(), List.of());
  }

  public static RouterOutput of(RoutingDecisionMade decision, List<NotificationRequested> notes) {
    return new RouterOutput(List.of(decision), notes);
  }

  /** This output followed by {@code other}'s: decisions first, then notifications. */
  public RouterOutput and(RouterOutput other) {
    List<RoutingDecisionMade> allDecisions = new ArrayList<>(decisions);
    allDecisions.addAll(other.decisions());
    List<NotificationRequested> allNotifications = new ArrayList<>(notifications);
    allNotifications.addAll(other.notifications());
    return new RouterOutput(allDecisions, allNotifications);
  }

  /** Every event, in publishing order. */
  public List<SpecificRecord> events() {
    List<SpecificRecord> all = new ArrayList<>(decisions);
    all.addAll(notifications);
    return all;
  }
}
