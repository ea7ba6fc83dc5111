package org.pathway.access.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.scopes.ScopeSet;

/**
 * Issues Pathway's own access tokens: short-lived JWTs signed with Pathway's key, naming the client
 * ({@code client_id}, {@code sub}) and the granted {@code scope}.
 */
public final class AccessTokens {

  /** RFC 9068's media type for JWT access tokens; keeps a client assertion from passing as one. */
  static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  /** A token as the token endpoint returns it. */
  public record IssuedToken(String accessToken, Duration expiresIn, ScopeSet scope) {}

  private final String issuer;
  private final JWKSet publicKeys;
  private final RSAKey signingKey;
  private final RSASSASigner signer;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param issuer the {@code iss} of every token (Pathway's public base URL)
   * @param signingKeys the private key set; the first key signs, all are published
   * @param lifetime how long a token lives
   */
  public AccessTokens(String issuer, JWKSet signingKeys, Duration lifetime) {
    this(issuer, signingKeys, lifetime, Clock.systemUTC());
  }

  /** As above, telling time by {@code clock} (tests issue tokens in the past with it). */
  public AccessTokens(String issuer, JWKSet signingKeys, Duration lifetime, Clock clock) {
    if (issuer == null || issuer.isBlank() || issuer.endsWith("/")) {
      throw new IllegalArgumentException(
          "the token issuer must be Pathway's public base URL without a trailing '/': " + issuer);
    }
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("token lifetime must be positive: " + lifetime);
    }
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.clock = clock;
    RSAKey key = SigningKeys.signingKey(signingKeys);
    // Verifiers find the key by kid; a file without one gets the key's thumbprint.
    this.signingKey = key.getKeyID() != null ? key : withThumbprintKid(key);
    List<JWK> published = new ArrayList<>();
    published.add(signingKey.toPublicJWK());
    signingKeys.getKeys().stream().skip(1).map(JWK::toPublicJWK).forEach(published::add);
    this.publicKeys = new JWKSet(published);
    try {
      this.signer = new RSASSASigner(signingKey);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the signing key cannot sign: " + e.getMessage(), e);
    }
  }

  /** A signed token for {@code client} carrying {@code granted}. */
  public IssuedToken issue(RegisteredClient client, ScopeSet granted) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(client.clientId())
            .claim("client_id", client.clientId())
            .audience(audience())
            .claim("scope", granted.toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS384)
                .type(ACCESS_TOKEN_TYPE)
                .keyID(signingKey.getKeyID())
                .build(),
            claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an access token failed", e);
    }
    return new IssuedToken(jwt.serialize(), lifetime, granted);
  }

  /** The public half of the signing keys, for {@code jwks_uri} and for verifiers. */
  public JWKSet publicKeys() {
    return publicKeys;
  }

  public String issuer() {
    return issuer;
  }

  /** The {@code aud} of every token: the FHIR base, {@code <issuer>/fhir}. */
  public String audience() {
    return issuer + "/fhir";
  }

  public Duration lifetime() {
    return lifetime;
  }

  private static RSAKey withThumbprintKid(RSAKey key) {
    try {
      return new RSAKey.Builder(key).keyIDFromThumbprint().build();
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot compute the signing key's thumbprint", e);
    }
  }
}
