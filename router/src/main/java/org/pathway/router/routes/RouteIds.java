package org.pathway.router.routes;

/** Route ids: also metrics labels and the handles tests advise. */
public final class RouteIds {

  /** Reads referral events, deduplicates, hands each to its decision route, publishes. */
  public static final String REFERRAL_EVENTS_IN = "referral-events-from-kafka";

  /** A new referral through triage to a link-worker service. */
  public static final String TRIAGE = "referral-events-to-triage";

  /** An onward referral to the group's facilitator. */
  public static final String ONWARD_REFERRAL = "onward-referrals-to-facilitator";

  /**
   * A Task change through the GP feedback policy and, for a group's Task, the group-answer policy
   * (the id predates the second and is kept: it is the route's metrics label).
   */
  public static final String GP_FEEDBACK = "task-changes-to-gp-feedback";

  /** An overdue step through the escalation policy. */
  public static final String ESCALATION = "overdue-steps-to-escalation";

  /** A cancelled referral: its holders are told it was withdrawn. */
  public static final String CANCELLATION = "cancellations-to-holders";

  /** The error policy every route uses. */
  public static final String ERROR_POLICY = "router-error-policy";

  private RouteIds() {}
}
