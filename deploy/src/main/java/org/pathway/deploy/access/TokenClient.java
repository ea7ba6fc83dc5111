package org.pathway.deploy.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A SMART Backend Services client: signs a {@code private_key_jwt} client assertion with the
 * client's private key and exchanges it at a token endpoint for an access token.
 */
public final class TokenClient {

  /**
   * An access token the endpoint issued.
   *
   * @param accessToken the bearer token
   * @param expiresIn how long it lives
   * @param scope the scopes granted
   */
  public record Token(String accessToken, Duration expiresIn, String scope) {}

  /** The token endpoint's refusal, with its RFC 6749 {@code error} and HTTP status. */
  public static final class TokenRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String error;
    private final int status;

    TokenRefused(String error, String description, int status) {
      super(description);
      this.error = error;
      this.status = status;
    }

    public String error() {
      return error;
    }

    public int status() {
      return status;
    }
  }

  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String tokenUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public TokenClient(String tokenUrl) {
    this.tokenUrl = tokenUrl;
  }

  /** A token for {@code clientId} carrying {@code scope} (space-separated). */
  public Token token(String clientId, JWK privateKey, String scope)
      throws TokenRefused, IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("scope", scope);
    form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.put("client_assertion", assertion(clientId, privateKey));
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(tokenUrl))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = parse(answer);
    if (answer.statusCode() != 200 || !body.hasNonNull("access_token")) {
      throw new TokenRefused(
          body.path("error").asText("status " + answer.statusCode()),
          body.path("error_description").asText(""),
          answer.statusCode());
    }
    return new Token(
        body.get("access_token").asText(),
        Duration.ofSeconds(body.path("expires_in").asLong(0)),
        body.path("scope").asText(""));
  }

  /**
   * The {@code private_key_jwt} assertion SMART Backend Services asks for: {@code iss} = {@code
   * sub} = the client, {@code aud} = the token endpoint, a short {@code exp} and a fresh {@code
   * jti}, signed by Nimbus with the client's key under its {@code kid}.
   */
  private String assertion(String clientId, JWK key) {
    try {
      JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName());
      JWSSigner signer =
          key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner(key.toRSAKey());
      Instant now = Instant.now();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
              new JWTClaimsSet.Builder()
                  .issuer(clientId)
                  .subject(clientId)
                  .audience(tokenUrl)
                  .issueTime(Date.from(now))
                  .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                  .jwtID(UUID.randomUUID().toString())
                  .build());
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign as " + clientId + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(HttpResponse<String> answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      // Not JSON (a proxy's page, or no token endpoint at all): the status says what happened.
      return JSON.createObjectNode();
    }
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
