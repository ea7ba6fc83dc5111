package org.pathway.router.policy;

/** The Task changes a GP may be told about; which ones is configuration. */
public enum FeedbackTrigger {
  ACCEPTED,
  DECLINED,
  FIRST_CONTACT,
  COMPLETED,
  /** The referral was cancelled by someone other than the GP (auto-return, Pathway, a hub). */
  CANCELLED
}
