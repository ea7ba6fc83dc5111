package org.pathway.managementguard.http;

import java.security.Principal;
import org.pathway.access.tokens.Caller;

/**
 * A verified operator as Micronaut's management endpoints see it: health shows details only to a
 * request carrying a principal ({@code endpoints.health.details-visible: AUTHENTICATED}).
 */
public record OperatorPrincipal(Caller caller) implements Principal {

  @Override
  public String getName() {
    return caller.clientId();
  }
}
