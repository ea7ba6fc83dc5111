package org.pathway.access.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathway.access.support.TestClients.PRACTICE;
import static org.pathway.access.support.TestClients.PRACTICE_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.access.assertion.ClientAssertionCheck;
import org.pathway.access.assertion.ClientAssertions;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.support.MemoryJtiStore;
import org.pathway.access.support.TestClients;
import org.pathway.access.tokens.AccessTokens;
import org.pathway.access.tokens.Caller;
import org.pathway.access.tokens.SigningKeys;
import org.pathway.access.tokens.TokenVerifier;

class EndpointServletsIT {

  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http = HttpClient.newHttpClient();
  final List<TokenRequestListener.Outcome> outcomes = new ArrayList<>();
  final ClientRegistry registry = ClientRegistry.of(List.of(PRACTICE, TestClients.HUB));
  Server server;
  String base;
  AccessTokens tokens;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    server.setHandler(context);
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
    tokens = new AccessTokens(base, SigningKeys.generate(), Duration.ofMinutes(5));
    String tokenUrl = SmartConfiguration.tokenEndpoint(base);
    TokenExchange exchange =
        new TokenExchange(
            new ClientAssertionCheck(registry, new MemoryJtiStore(), tokenUrl), tokens);
    context.addServlet(
        new ServletHolder(new TokenServlet(exchange, (request, outcome) -> outcomes.add(outcome))),
        "/oauth/token");
    context.addServlet(new ServletHolder(new JwksServlet(tokens.publicKeys())), "/oauth/jwks");
    context.addServlet(
        new ServletHolder(new SmartConfigurationServlet(SmartConfiguration.at(base, registry))),
        "/fhir/.well-known/smart-configuration");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void aClientGetsATokenTheVerifierAccepts() throws Exception {
    String form =
        ClientAssertions.tokenRequestForm(
            PRACTICE.clientId(),
            PRACTICE_KEY,
            SmartConfiguration.tokenEndpoint(base),
            "system/Task.rs system/Patient.r");

    HttpResponse<String> response = postForm(form, "application/x-www-form-urlencoded");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("token_type").asText()).isEqualTo("bearer");
    assertThat(body.get("expires_in").asInt()).isEqualTo(300);
    assertThat(body.get("scope").asText()).isEqualTo("system/Task.rs");
    Caller caller =
        new TokenVerifier(tokens, List.of(), registry).verify(body.get("access_token").asText());
    assertThat(caller.clientId()).isEqualTo(PRACTICE.clientId());
    assertThat(outcomes)
        .containsExactly(
            new TokenRequestListener.Outcome(
                PRACTICE.clientId(), 200, null, null, "system/Task.rs"));
  }

  @Test
  void aReplayedAssertionIsRefusedAsInvalidClientAndTold() throws Exception {
    String form =
        ClientAssertions.tokenRequestForm(
            PRACTICE.clientId(),
            PRACTICE_KEY,
            SmartConfiguration.tokenEndpoint(base),
            "system/Task.r");
    assertThat(postForm(form, "application/x-www-form-urlencoded").statusCode()).isEqualTo(200);

    HttpResponse<String> replay = postForm(form, "application/x-www-form-urlencoded");

    assertThat(replay.statusCode()).isEqualTo(401);
    JsonNode body = JSON.readTree(replay.body());
    assertThat(body.get("error").asText()).isEqualTo("invalid_client");
    assertThat(body.get("error_description").asText()).contains("jti");
    assertThat(outcomes.get(1).clientId()).isEqualTo(PRACTICE.clientId());
    assertThat(outcomes.get(1).status()).isEqualTo(401);
  }

  @Test
  void acceptsAContentTypeWithACharsetParameter() throws Exception {
    String form =
        ClientAssertions.tokenRequestForm(
            PRACTICE.clientId(),
            PRACTICE_KEY,
            SmartConfiguration.tokenEndpoint(base),
            "system/Task.r");

    assertThat(postForm(form, "Application/X-WWW-Form-Urlencoded; charset=UTF-8").statusCode())
        .isEqualTo(200);
  }

  @Test
  void refusesJsonBodies() throws Exception {
    HttpResponse<String> response =
        postForm("{\"grant_type\":\"client_credentials\"}", "application/json");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void refusesGet() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/oauth/token?grant_type=client_credentials"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void refusesAnOversizedBodyBeforeParsingIt() throws Exception {
    HttpResponse<String> response =
        postForm(
            "scope=" + "a".repeat(TokenServlet.MAX_BODY_BYTES + 10),
            "application/x-www-form-urlencoded");

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void refusesARepeatedParameter() throws Exception {
    HttpResponse<String> response =
        postForm(
            "grant_type=client_credentials&grant_type=client_credentials",
            "application/x-www-form-urlencoded");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("error_description").asText())
        .contains("grant_type");
  }

  @Test
  void refusesAnUnsupportedGrantType() throws Exception {
    HttpResponse<String> response =
        postForm("grant_type=password&scope=system%2FTask.r", "application/x-www-form-urlencoded");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("error").asText())
        .isEqualTo("unsupported_grant_type");
  }

  @Test
  void discoveryNamesTheTokenEndpointAndWhatItAccepts() throws Exception {
    HttpResponse<String> response = get("/fhir/.well-known/smart-configuration");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(response.body());
    assertThat(doc.get("token_endpoint").asText()).isEqualTo(base + "/oauth/token");
    assertThat(doc.get("jwks_uri").asText()).isEqualTo(base + "/oauth/jwks");
    assertThat(doc.get("issuer").asText()).isEqualTo(base);
    assertThat(doc.get("token_endpoint_auth_methods_supported").toString())
        .isEqualTo("[\"private_key_jwt\"]");
    assertThat(doc.get("token_endpoint_auth_signing_alg_values_supported").toString())
        .isEqualTo("[\"RS384\",\"ES384\"]");
    assertThat(doc.get("grant_types_supported").toString()).isEqualTo("[\"client_credentials\"]");
    assertThat(doc.get("capabilities").toString())
        .contains("client-confidential-asymmetric", "permission-v2");
    assertThat(doc.get("scopes_supported").toString()).contains("system/Task.rus");
  }

  @Test
  void jwksPublishesThePublicSigningKeyOnly() throws Exception {
    HttpResponse<String> response = get("/oauth/jwks");

    assertThat(response.statusCode()).isEqualTo(200);
    JWKSet published = JWKSet.parse(response.body());
    assertThat(published.getKeys()).hasSize(1);
    assertThat(published.getKeys().get(0).isPrivate()).isFalse();
    assertThat(published.getKeys().get(0).getKeyID())
        .isEqualTo(tokens.publicKeys().getKeys().get(0).getKeyID());
    assertThat(response.body()).doesNotContain("\"d\"");
  }

  private HttpResponse<String> postForm(String body, String contentType) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
