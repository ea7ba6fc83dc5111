package org.pathway.managementguard.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.pathway.access.clients.Role;
import org.pathway.access.tokens.Caller;
import org.pathway.access.tokens.InvalidTokenException;
import org.pathway.access.tokens.TokenVerifier;

/**
 * Decides each management request: liveness and readiness answer anyone (status only, as Kubernetes
 * probes carry no token); {@code /health} answers anyone with its status and an operator with
 * details; everything else ({@code /prometheus}, any other endpoint, any unknown path) needs a
 * bearer token whose caller has role {@code operator}.
 */
public final class ManagementGate {

  /** The realm named in every challenge. */
  public static final String REALM = "pathway-management";

  private static final Set<String> PROBES = Set.of("/health/liveness", "/health/readiness");
  private static final String HEALTH = "/health";
  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;

  public ManagementGate(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * The verdict for a request to {@code path} carrying {@code authorization} (the header's value,
   * or null).
   */
  public Verdict decide(String path, String authorization) {
    String normalized = normalize(path);
    if (PROBES.contains(normalized)) {
      // A probe never shows details and never fails for a header it does not need.
      return new Verdict.Pass(Optional.empty());
    }
    if (HEALTH.equals(normalized)) {
      return new Verdict.Pass(operator(authorization));
    }
    String token = bearer(authorization);
    if (token == null) {
      return new Verdict.Refuse(
          401, "Bearer realm=\"" + REALM + "\"", null, "an operator's bearer token is required");
    }
    Caller caller;
    try {
      caller = verifier.verify(token);
    } catch (InvalidTokenException e) {
      return new Verdict.Refuse(
          401,
          "Bearer realm=\""
              + REALM
              + "\", error=\"invalid_token\", error_description=\""
              + quotable(e.getMessage())
              + "\"",
          "invalid_token",
          e.getMessage());
    }
    if (caller.role() != Role.OPERATOR) {
      return new Verdict.Refuse(
          403,
          "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"",
          "insufficient_scope",
          "client " + caller.clientId() + " is not an operator");
    }
    return new Verdict.Pass(Optional.of(caller));
  }

  private Optional<Caller> operator(String authorization) {
    String token = bearer(authorization);
    if (token == null) {
      return Optional.empty();
    }
    try {
      Caller caller = verifier.verify(token);
      return caller.role() == Role.OPERATOR ? Optional.of(caller) : Optional.empty();
    } catch (InvalidTokenException e) {
      // /health answers everyone; a bad token only means no details.
      return Optional.empty();
    }
  }

  private static String bearer(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  private static String normalize(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String quotable(String s) {
    return s == null ? "" : s.replaceAll("[\"\\\\\\r\\n]", "'");
  }
}
