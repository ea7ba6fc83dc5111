package org.pathway.access.tokens;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.scopes.ScopeSet;

/**
 * Issues Pathway's own access tokens: short-lived JWTs signed with Pathway's key, naming the client
 * ({@code client_id}, {@code sub}) and the granted {@code scope}.
 */
public final class AccessTokens {

  /** A token as the token endpoint returns it. */
  public record IssuedToken(String accessToken, Duration expiresIn, ScopeSet scope) {}

  /**
   * @param issuer the {@code iss} of every token (Pathway's public base URL)
   * @param signingKeys the private key set; the first key signs, all are published
   * @param lifetime how long a token lives
   */
  public AccessTokens(String issuer, JWKSet signingKeys, Duration lifetime) {
    throw new UnsupportedOperationException("skeleton");
  }

  public IssuedToken issue(RegisteredClient client, ScopeSet granted) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The public half of the signing keys, for {@code jwks_uri} and for verifiers. */
  public JWKSet publicKeys() {
    throw new UnsupportedOperationException("skeleton");
  }

  public String issuer() {
    throw new UnsupportedOperationException("skeleton");
  }
}
