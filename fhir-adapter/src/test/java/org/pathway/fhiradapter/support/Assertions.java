package org.pathway.fhiradapter.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * SMART Backend Services client assertions ({@code private_key_jwt}) as a test client signs them,
 * and the token request that carries one.
 */
public final class Assertions {

  public static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private Assertions() {}

  /** Claims of a good assertion by {@code clientId} for {@code audience}, expiring in 4 minutes. */
  public static JWTClaimsSet.Builder claims(String clientId, String audience) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(audience)
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(4))));
  }

  /** {@code claims} signed with {@code key} (RS384 or ES384 by its type), naming its kid. */
  public static String sign(JWK key, JWTClaimsSet claims) {
    try {
      boolean ec = key instanceof ECKey;
      var header =
          new JWSHeader.Builder(ec ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384)
              .keyID(key.getKeyID())
              .type(JOSEObjectType.JWT)
              .build();
      var jwt = new SignedJWT(header, claims);
      jwt.sign(ec ? new ECDSASigner(key.toECKey()) : new RSASSASigner(key.toRSAKey()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A good assertion by test client {@code clientId}. */
  public static String assertion(String clientId, String audience) {
    return sign(Adapter.clientKeys(clientId).getKeys().get(0), claims(clientId, audience).build());
  }

  /** POSTs a client_credentials token request carrying {@code assertion}. */
  public static HttpResponse<String> requestToken(
      HttpClient http, String tokenEndpoint, String assertion, String scope) throws Exception {
    String form =
        "grant_type=client_credentials"
            + "&scope="
            + URLEncoder.encode(scope, StandardCharsets.UTF_8)
            + "&client_assertion_type="
            + URLEncoder.encode(ASSERTION_TYPE, StandardCharsets.UTF_8)
            + "&client_assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(URI.create(tokenEndpoint))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
