package org.pathway.reporting.http;

import java.util.Locale;
import java.util.Set;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.Interaction;
import org.pathway.access.tokens.Caller;
import org.pathway.access.tokens.InvalidTokenException;
import org.pathway.access.tokens.TokenVerifier;

/**
 * Who may read figures: a verified bearer token of a commissioner or an evaluator whose scopes
 * permit searching {@code MeasureReport} ({@code system/MeasureReport.rs}). Plain Java; the filter
 * applies it and audits every refusal.
 */
public final class AccessGate {

  /** The realm named in every challenge. */
  public static final String REALM = "pathway-reporting";

  private static final Set<Role> ROLES = Set.of(Role.COMMISSIONER, Role.EVALUATOR);
  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;

  public AccessGate(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** The decision on a request carrying {@code authorization} (the header's value, or null). */
  public Decision decide(String authorization) {
    String token = bearer(authorization);
    if (token == null) {
      return Decision.refuse(
          401, "Bearer realm=\"" + REALM + "\"", null, "a bearer token is required", null);
    }
    Caller caller;
    try {
      caller = verifier.verify(token);
    } catch (InvalidTokenException e) {
      return Decision.refuse(
          401,
          "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"",
          "invalid_token",
          e.getMessage(),
          null);
    }
    if (!ROLES.contains(caller.role())) {
      return Decision.refuse(
          403,
          "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"",
          "insufficient_scope",
          "client "
              + caller.clientId()
              + " is a "
              + caller.role().name().toLowerCase(Locale.ROOT)
              + ", not a commissioner or evaluator",
          caller);
    }
    if (!caller.scopes().permits("MeasureReport", Interaction.SEARCH)) {
      return Decision.refuse(
          403,
          "Bearer realm=\""
              + REALM
              + "\", error=\"insufficient_scope\", scope=\"system/MeasureReport.rs\"",
          "insufficient_scope",
          "the token does not carry system/MeasureReport.rs",
          caller);
    }
    return new Decision(caller, 200, null, null, null);
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

  /**
   * A decision: a caller let in ({@code status} 200), or a refusal with its status, challenge,
   * OAuth error and the reason (safe to show); {@code caller} is known when the token was valid.
   */
  public record Decision(Caller caller, int status, String challenge, String error, String reason) {

    static Decision refuse(int status, String challenge, String error, String reason, Caller c) {
      return new Decision(c, status, challenge, error, reason);
    }

    public boolean allowed() {
      return status == 200;
    }
  }
}
