package org.pathway.reporting.journey;

/** The steps of the social-prescribing funnel, in the order a person goes through them. */
public enum Step {
  REFERRED("referred"),
  ACCEPTED("accepted"),
  FIRST_CONVERSATION("first-conversation"),
  PLAN_AGREED("plan-agreed"),
  REFERRED_TO_GROUP("referred-to-group"),
  FIRST_SESSION("first-session"),
  COMPLETED("completed");

  private final String code;

  Step(String code) {
    this.code = code;
  }

  /** The step's code in the JSON figures and the MeasureReports. */
  public String code() {
    return code;
  }
}
