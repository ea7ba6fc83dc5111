package org.pathway.access.endpoint;

import jakarta.servlet.http.HttpServletRequest;

/** Told of every token request's answer, granted or refused: the audit hooks in here. */
@FunctionalInterface
public interface TokenRequestListener {

  /**
   * One answered token request.
   *
   * @param clientId the client (verified when granted; as claimed, possibly null, when refused)
   * @param status the HTTP status answered
   * @param error the OAuth error code, or null when granted
   * @param description why it was refused, or null when granted
   * @param scope the scopes granted, or null when refused
   */
  record Outcome(String clientId, int status, String error, String description, String scope) {}

  void answered(HttpServletRequest request, Outcome outcome);

  /** A listener that does nothing. */
  TokenRequestListener NONE = (request, outcome) -> {};
}
