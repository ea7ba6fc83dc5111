package org.pathway.managementguard.policy;

import java.util.Optional;
import org.pathway.access.tokens.Caller;

/** What the guard does with one management request. */
public sealed interface Verdict {

  /**
   * Let the request through; {@code operator} is present when a verified operator asked, and only
   * then may health answer with details.
   */
  record Pass(Optional<Caller> operator) implements Verdict {}

  /**
   * Refuse it.
   *
   * @param status 401 (no or bad token) or 403 (a valid token, not an operator's)
   * @param challenge the {@code WWW-Authenticate} value (RFC 6750)
   * @param error the RFC 6750 error code, or null when no token was offered
   * @param description why, safe to show
   */
  record Refuse(int status, String challenge, String error, String description)
      implements Verdict {}
}
