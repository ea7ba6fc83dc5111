package org.pathway.router.routing;

/** The triage rules cannot be used; the message names the rule and what is wrong with it. */
public final class InvalidTriageRulesException extends RuntimeException {

  public InvalidTriageRulesException(String message) {
    super(message);
  }
}
