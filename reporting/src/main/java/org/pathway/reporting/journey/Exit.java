package org.pathway.reporting.journey;

/** How a journey left the funnel before completing. */
public enum Exit {
  /**
   * The link worker or the person declined (the referral Task rejected, or declined-by-patient).
   */
  DECLINED("declined"),
  /** The person disengaged, or the referral was cancelled or failed. */
  DROPPED_OUT("dropped-out");

  private final String code;

  Exit(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
