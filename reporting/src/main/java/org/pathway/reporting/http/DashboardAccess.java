package org.pathway.reporting.http;

import org.pathway.access.clients.Role;
import org.pathway.access.tokens.TokenVerifier;

/**
 * Who may open the dashboard: what {@link AccessGate} lets in, and only a commissioner (an
 * evaluator reads the figures API and the export, not the commissioner's page). Plain Java.
 */
public final class DashboardAccess {

  private final AccessGate gate;

  public DashboardAccess(TokenVerifier verifier) {
    this.gate = new AccessGate(verifier);
  }

  /** The decision on a request carrying {@code authorization} (header value or cookie's token). */
  public AccessGate.Decision decide(String authorization) {
    AccessGate.Decision decision = gate.decide(authorization);
    if (!decision.allowed() || decision.caller().role() == Role.COMMISSIONER) {
      return decision;
    }
    return AccessGate.Decision.refuse(
        403,
        "Bearer realm=\"" + AccessGate.REALM + "\", error=\"insufficient_scope\"",
        "insufficient_scope",
        "client " + decision.caller().clientId() + " is not a commissioner",
        decision.caller());
  }
}
