package org.pathway.portal.pages;

/** An answer the page cannot send as it stands; {@link #messageKey()} tells the person why. */
public final class AnswerProblem extends Exception {

  private static final long serialVersionUID = 1L;

  private final String messageKey;

  public AnswerProblem(String messageKey) {
    super(messageKey);
    this.messageKey = messageKey;
  }

  /** The message bundle key of what to tell the person, e.g. {@code problem.reason}. */
  public String messageKey() {
    return messageKey;
  }
}
