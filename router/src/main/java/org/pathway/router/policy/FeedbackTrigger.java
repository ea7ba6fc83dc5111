package org.pathway.router.policy;

/** The Task changes a GP may be told about; which ones is configuration. */
public enum FeedbackTrigger {
  ACCEPTED,
  DECLINED,
  FIRST_CONTACT,
  COMPLETED
}
