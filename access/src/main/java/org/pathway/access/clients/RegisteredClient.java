package org.pathway.access.clients;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.util.List;
import org.pathway.access.scopes.ScopeSet;

/**
 * One entry of a clients file.
 *
 * @param clientId the OAuth client id ({@code iss} and {@code sub} of its assertions)
 * @param organization ODS code, or the directory id of a service or group
 * @param role what kind of party it is
 * @param kind for referrers, what sort of organisation ({@code gp-practice} when absent)
 * @param scopes the most any of its tokens may carry
 * @param jwks its public keys, or null when {@code jwksUri} names them
 * @param jwksUri where its public keys are published, or null
 * @param area for a hub, the organisations it covers; empty otherwise
 * @param rateLimit requests per second it may make, or null for the server's default
 */
public record RegisteredClient(
    String clientId,
    String organization,
    Role role,
    String kind,
    ScopeSet scopes,
    JWKSet jwks,
    URI jwksUri,
    List<String> area,
    Integer rateLimit) {

  public RegisteredClient {
    area = area == null ? List.of() : List.copyOf(area);
  }
}
