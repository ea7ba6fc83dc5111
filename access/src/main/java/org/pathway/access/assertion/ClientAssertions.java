package org.pathway.access.assertion;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The client's side: builds a {@code private_key_jwt} assertion (and the token request form that
 * carries it) with a fresh {@code jti}, for dev mode's token command, tests and integrators.
 */
public final class ClientAssertions {

  /** The {@code client_assertion_type} of a JWT client assertion (RFC 7523). */
  public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private ClientAssertions() {}

  /**
   * A compact signed assertion: RS384 for an RSA key, ES384 for a P-384 EC key.
   *
   * @param privateJwk the client's private key; its {@code kid} goes in the header
   * @param tokenUrl the token endpoint, the assertion's {@code aud}
   * @param lifetime at most five minutes, or the endpoint refuses it
   */
  public static String sign(String clientId, JWK privateJwk, String tokenUrl, Duration lifetime) {
    return sign(clientId, privateJwk, tokenUrl, lifetime, Clock.systemUTC());
  }

  /** As above, telling time by {@code clock}. */
  public static String sign(
      String clientId, JWK privateJwk, String tokenUrl, Duration lifetime, Clock clock) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(tokenUrl)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    JWSAlgorithm alg;
    JWSSigner signer;
    try {
      if (privateJwk instanceof RSAKey rsa && rsa.isPrivate()) {
        alg = JWSAlgorithm.RS384;
        signer = new RSASSASigner(rsa);
      } else if (privateJwk instanceof ECKey ec
          && ec.isPrivate()
          && Curve.P_384.equals(ec.getCurve())) {
        alg = JWSAlgorithm.ES384;
        signer = new ECDSASigner(ec);
      } else {
        throw new IllegalArgumentException(
            "a client assertion is signed with a private RSA or P-384 EC key");
      }
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(alg).keyID(privateJwk.getKeyID()).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code application/x-www-form-urlencoded} body of a token request for {@code scope},
   * authenticated by a fresh assertion of five minutes.
   */
  public static String tokenRequestForm(
      String clientId, JWK privateJwk, String tokenUrl, String scope) {
    String assertion = sign(clientId, privateJwk, tokenUrl, Duration.ofMinutes(5));
    return "grant_type=client_credentials"
        + "&scope="
        + URLEncoder.encode(scope, StandardCharsets.UTF_8)
        + "&client_assertion_type="
        + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8)
        + "&client_assertion="
        + assertion;
  }
}
