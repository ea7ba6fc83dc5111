package org.pathway.portal.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.pathway.access.client.TokenClient;
import org.pathway.portal.config.PortalConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal client's own access token (SMART Backend Services, private_key_jwt), fetched when
 * first needed and kept until shortly before it expires. The token endpoint comes from the setting,
 * or from the FHIR base's {@code .well-known/smart-configuration}.
 */
public final class PortalToken {

  private static final Logger LOG = LoggerFactory.getLogger(PortalToken.class);

  /** Renew this long before expiry, so a token never expires in flight. */
  static final Duration MARGIN = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PortalConfig config;
  private final HttpClient http;
  private final Clock clock;
  private final JWK key;
  private TokenClient client;
  private String token;
  private Instant renewAt = Instant.MIN;

  public PortalToken(PortalConfig config, HttpClient http, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
    this.key = readKey(config.signingKey());
  }

  /** A valid bearer token, fetched again when the kept one is near expiry. */
  public synchronized String bearer() throws AdapterException {
    if (token != null && clock.instant().isBefore(renewAt)) {
      return token;
    }
    try {
      TokenClient.Token fresh = client().token(config.clientId(), key, config.scope());
      token = fresh.accessToken();
      Duration life = fresh.expiresIn();
      renewAt =
          clock
              .instant()
              .plus(
                  life.compareTo(MARGIN.multipliedBy(2)) > 0
                      ? life.minus(MARGIN)
                      : life.dividedBy(2));
      return token;
    } catch (TokenClient.TokenRefused e) {
      LOG.error("the token endpoint refused the portal client: {} {}", e.error(), e.getMessage());
      throw new AdapterException(AdapterException.Kind.UNAVAILABLE, null, e.status(), "no token");
    } catch (IOException e) {
      throw new AdapterException(
          AdapterException.Kind.UNAVAILABLE, null, 0, "token endpoint: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdapterException(AdapterException.Kind.UNAVAILABLE, null, 0, "interrupted");
    }
  }

  /** Forgets the kept token: the adapter said it is no longer good (401). */
  public synchronized void forget() {
    token = null;
  }

  private TokenClient client() throws IOException, InterruptedException {
    if (client == null) {
      String url = config.tokenUrl().isBlank() ? discover() : config.tokenUrl();
      client = new TokenClient(url);
    }
    return client;
  }

  private String discover() throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(config.fhirBase() + "/.well-known/smart-configuration"))
                .timeout(config.timeout())
                .header("Accept", "application/json")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
    if (body == null || !body.hasNonNull("token_endpoint")) {
      throw new IOException(
          "no token_endpoint in the SMART configuration (" + answer.statusCode() + ")");
    }
    return body.get("token_endpoint").asText();
  }

  /**
   * The private JWK itself ({@code {...}}) or the file holding it; a key set ({@code {"keys":
   * [...]}}) gives its first private key.
   */
  static JWK readKey(String setting) {
    try {
      String json =
          setting.trim().startsWith("{") ? setting : Files.readString(Path.of(setting.trim()));
      JWK jwk =
          json.contains("\"keys\"")
              ? JWKSet.parse(json).getKeys().stream()
                  .filter(JWK::isPrivate)
                  .findFirst()
                  .orElse(null)
              : JWK.parse(json);
      if (jwk == null || !jwk.isPrivate()) {
        throw new IllegalStateException(
            "pathway.portal.signing-key (PORTAL_SIGNING_KEY) holds no private key; the portal"
                + " signs its client assertions with its private key");
      }
      return jwk;
    } catch (IOException | ParseException e) {
      throw new IllegalStateException(
          "pathway.portal.signing-key (PORTAL_SIGNING_KEY) is not a readable private JWK: "
              + e.getMessage(),
          e);
    }
  }
}
