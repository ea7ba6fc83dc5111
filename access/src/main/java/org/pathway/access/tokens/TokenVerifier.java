package org.pathway.access.tokens;

import java.net.URI;
import java.util.List;
import org.pathway.access.clients.ClientRegistry;

/**
 * Verifies bearer tokens from any trusted issuer (Pathway's own, or an OIDC server such as Keycloak
 * or the NHS API platform, by its JWKS) and names the caller. The client a token names must be
 * registered; its scopes are never more than the registration allows. Verified tokens are
 * remembered until they expire, so a repeat costs a lookup rather than a signature check.
 */
public final class TokenVerifier {

  /**
   * A trusted issuer.
   *
   * @param issuer the exact {@code iss}
   * @param jwksUri where its keys are published (null for Pathway's own, given as keys)
   * @param audience the {@code aud} its tokens must carry, or null when not checked
   */
  public record TrustedIssuer(String issuer, URI jwksUri, String audience) {}

  public TokenVerifier(AccessTokens own, List<TrustedIssuer> others, ClientRegistry clients) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The caller a bearer token names. */
  public Caller verify(String bearerToken) throws InvalidTokenException {
    throw new UnsupportedOperationException("skeleton");
  }
}
