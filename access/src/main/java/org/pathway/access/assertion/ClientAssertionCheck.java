package org.pathway.access.assertion;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;

/**
 * Checks a {@code private_key_jwt} client assertion as SMART Backend Services requires: RS384 or
 * ES384 by a key the client registered (named by {@code kid}), {@code iss} = {@code sub} = a
 * registered client, {@code aud} exactly the token endpoint, {@code exp} present and at most five
 * minutes ahead, and a {@code jti} never used before.
 */
public final class ClientAssertionCheck {

  static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS =
      Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);

  /** SMART Backend Services: an assertion's {@code exp} is no more than five minutes ahead. */
  static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  static final int MAX_ASSERTION_LENGTH = 16 * 1024;

  static final int MAX_JTI_LENGTH = 255;

  private final ClientRegistry clients;
  private final ClientKeys keys;
  private final JtiStore jtis;
  private final String tokenEndpoint;
  private final Clock clock;

  /**
   * @param tokenEndpoint the token endpoint's URL, the only {@code aud} accepted
   */
  public ClientAssertionCheck(ClientRegistry clients, JtiStore jtis, String tokenEndpoint) {
    this(clients, jtis, tokenEndpoint, Clock.systemUTC());
  }

  public ClientAssertionCheck(
      ClientRegistry clients, JtiStore jtis, String tokenEndpoint, Clock clock) {
    this.clients = clients;
    this.keys = new ClientKeys();
    this.jtis = jtis;
    this.tokenEndpoint = tokenEndpoint;
    this.clock = clock;
  }

  /**
   * The client the assertion authenticates.
   *
   * @throws InvalidClientAssertionException saying which rule it broke
   * @throws JtiStoreUnavailableException when the replay log cannot be asked
   */
  public RegisteredClient check(String assertion) throws InvalidClientAssertionException {
    SignedJWT jwt = signed(assertion);
    JWTClaimsSet claims = claims(jwt);
    String issuer = claims.getIssuer();
    if (issuer == null || issuer.isBlank()) {
      throw refused("assertion has no iss", null);
    }
    if (!issuer.equals(claims.getSubject())) {
      throw refused("assertion iss and sub must both be the client id", issuer);
    }
    RegisteredClient client =
        clients.find(issuer).orElseThrow(() -> refused("client is not registered", issuer));
    verifySignature(jwt, client);
    checkClaims(claims, issuer);
    Instant expiry = claims.getExpirationTime().toInstant();
    // Remember it as long as it could still be accepted, skew included.
    if (!jtis.firstUse(issuer, claims.getJWTID(), expiry.plus(CLOCK_SKEW))) {
      throw refused("assertion jti has been used before", issuer);
    }
    return client;
  }

  /** The token endpoint URL assertions must name as {@code aud}. */
  public String tokenEndpoint() {
    return tokenEndpoint;
  }

  private static SignedJWT signed(String assertion) throws InvalidClientAssertionException {
    if (assertion == null || assertion.isBlank()) {
      throw refused("client_assertion is missing", null);
    }
    if (assertion.length() > MAX_ASSERTION_LENGTH) {
      throw refused("client_assertion is too long", null);
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(assertion);
    } catch (ParseException e) {
      throw refused("client_assertion is not a JWT", null);
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw refused("client_assertion must be signed (alg none and encryption are refused)", null);
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!ACCEPTED_ALGORITHMS.contains(alg)) {
      throw refused("client_assertion alg " + alg + " is not accepted; RS384 or ES384", null);
    }
    return signed;
  }

  private static JWTClaimsSet claims(SignedJWT jwt) throws InvalidClientAssertionException {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw refused("client_assertion claims are not valid JSON", null);
    }
  }

  private void verifySignature(SignedJWT jwt, RegisteredClient client)
      throws InvalidClientAssertionException {
    String clientId = client.clientId();
    String kid = jwt.getHeader().getKeyID();
    if (kid == null || kid.isBlank()) {
      throw refused("client_assertion header has no kid", clientId);
    }
    List<JWK> candidates;
    try {
      candidates = keys.withKid(client, kid);
    } catch (ClientKeys.KeysUnavailableException e) {
      throw refused(e.getMessage(), clientId);
    }
    if (candidates.isEmpty()) {
      throw refused("kid '" + kid + "' is not one of the client's registered keys", clientId);
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    for (JWK key : candidates) {
      JWSVerifier verifier = verifierFor(alg, key);
      try {
        if (verifier != null && jwt.verify(verifier)) {
          return;
        }
      } catch (JOSEException e) {
        // A key that cannot check this signature is simply not the key that made it.
      }
    }
    throw refused("client_assertion signature is not valid for key '" + kid + "'", clientId);
  }

  private static JWSVerifier verifierFor(JWSAlgorithm alg, JWK key) {
    try {
      if (JWSAlgorithm.RS384.equals(alg) && key instanceof RSAKey rsa) {
        return new RSASSAVerifier(rsa);
      }
      if (JWSAlgorithm.ES384.equals(alg)
          && key instanceof ECKey ec
          && Curve.P_384.equals(ec.getCurve())) {
        return new ECDSAVerifier(ec);
      }
    } catch (JOSEException e) {
      return null;
    }
    return null;
  }

  private void checkClaims(JWTClaimsSet claims, String clientId)
      throws InvalidClientAssertionException {
    List<String> audience = claims.getAudience();
    if (audience.size() != 1 || !tokenEndpoint.equals(audience.get(0))) {
      throw refused("assertion aud must be exactly the token endpoint " + tokenEndpoint, clientId);
    }
    Instant now = clock.instant();
    if (claims.getExpirationTime() == null) {
      throw refused("assertion has no exp", clientId);
    }
    Instant exp = claims.getExpirationTime().toInstant();
    if (!exp.isAfter(now.minus(CLOCK_SKEW))) {
      throw refused("assertion has expired", clientId);
    }
    if (exp.isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
      throw refused("assertion exp is more than 5 minutes ahead", clientId);
    }
    if (claims.getNotBeforeTime() != null
        && claims.getNotBeforeTime().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      throw refused("assertion is not valid yet (nbf)", clientId);
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank()) {
      throw refused("assertion has no jti", clientId);
    }
    if (jti.length() > MAX_JTI_LENGTH) {
      throw refused("assertion jti is longer than " + MAX_JTI_LENGTH + " characters", clientId);
    }
  }

  private static InvalidClientAssertionException refused(String reason, String clientId) {
    return new InvalidClientAssertionException(reason, clientId);
  }
}
