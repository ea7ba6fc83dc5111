package org.pathway.access.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.pathway.access.assertion.ClientAssertions;

/**
 * A SMART Backend Services client: signs a {@code private_key_jwt} client assertion with the
 * client's private key (the access module's {@link ClientAssertions}) and exchanges it at a token
 * endpoint for an access token.
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

    public TokenRefused(String error, String description, int status) {
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
    form.put("client_assertion_type", ClientAssertions.JWT_BEARER);
    form.put(
        "client_assertion",
        ClientAssertions.sign(clientId, privateKey, tokenUrl, ASSERTION_LIFETIME));
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
