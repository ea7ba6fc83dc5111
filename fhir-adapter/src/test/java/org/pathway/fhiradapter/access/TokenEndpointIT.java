package org.pathway.fhiradapter.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Assertions;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * S1 at the token endpoint: every bad client assertion is refused with an RFC 6749 JSON error and
 * audited, a good one gets a token that works, a jti is never accepted twice (also after a restart
 * on the same database), and SMART discovery is public and names the endpoint.
 */
class TokenEndpointIT {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter = startAdapter();
  }

  static Adapter startAdapter() {
    // A fixed signing key, so the test can forge tokens that differ from good ones in one way; a
    // fixed public URL, so the token endpoint (the assertions' aud) survives a restart.
    return Adapter.start(
        db,
        kafka.bootstrapServers(),
        Map.of(
            "pathway.access.signing-key",
            Adapter.SIGNING_KEY.toString(),
            "pathway.access.public-url",
            "https://pathway.test"));
  }

  @AfterAll
  static void stop() {
    adapter.close();
    kafka.close();
    db.close();
  }

  @Test
  void theTokenEndpointRefusesEveryBadAssertionWithAnOAuthError() throws Exception {
    String aud = adapter.tokenAudience();
    JWK key = Adapter.clientKeys("practice-a81001").getKeys().get(0);
    JWK stranger = new RSAKeyGenerator(2048).keyID("practice-a81001-unknown").generate();
    Instant now = Instant.now();

    Map<String, String> bad = new LinkedHashMap<>();
    bad.put(
        "exp-too-far-ahead",
        Assertions.sign(
            key,
            Assertions.claims("practice-a81001", aud)
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .build()));
    bad.put(
        "expired",
        Assertions.sign(
            key,
            Assertions.claims("practice-a81001", aud)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(1))))
                .build()));
    bad.put(
        "wrong-aud",
        Assertions.sign(
            key,
            Assertions.claims("practice-a81001", "https://elsewhere.example.org/token").build()));
    bad.put(
        "alg-none", new PlainJWT(Assertions.claims("practice-a81001", aud).build()).serialize());
    bad.put("hs256", hmac(key.getKeyID(), Assertions.claims("practice-a81001", aud).build()));
    bad.put(
        "unknown-kid",
        Assertions.sign(stranger, Assertions.claims("practice-a81001", aud).build()));
    bad.put(
        "iss-not-sub",
        Assertions.sign(
            key, Assertions.claims("practice-a81001", aud).subject("practice-b82002").build()));
    bad.put(
        "unknown-client",
        Assertions.sign(stranger.toRSAKey(), Assertions.claims("no-such-client", aud).build()));

    for (var each : bad.entrySet()) {
      var res =
          Assertions.requestToken(HTTP, adapter.tokenUrl(), each.getValue(), "system/Task.rs");
      assertOAuthError(each.getKey(), res);
    }
    // then every refusal is audited, under the client the assertion claimed where it named one
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(
                      adapter
                          .ledger()
                          .count(
                              "audit_event",
                              "kind = 'interaction' AND interaction = 'token' AND status >= 400"))
                  .isGreaterThanOrEqualTo(bad.size());
              assertThat(
                      adapter
                          .ledger()
                          .count(
                              "audit_event",
                              "kind = 'interaction' AND interaction = 'token' AND status >= 400"
                                  + " AND client_id = 'practice-a81001'"))
                  .isPositive();
            });
  }

  @Test
  void aGoodAssertionGetsATokenThatWorksAndItsJtiIsNeverAcceptedAgainEvenAfterARestart()
      throws Exception {
    // given a good ES384 assertion from the second practice
    String assertion = Assertions.assertion("practice-b82002", adapter.tokenAudience());

    // when it is exchanged
    var res = Assertions.requestToken(HTTP, adapter.tokenUrl(), assertion, "system/Task.rs");

    // then it gets a short-lived bearer token with no more than it asked for
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    JsonNode token = JSON.readTree(res.body());
    assertThat(token.path("token_type").asText()).isEqualToIgnoringCase("bearer");
    assertThat(token.path("expires_in").asLong()).isBetween(1L, 300L);
    assertThat(token.path("scope").asText()).isEqualTo("system/Task.rs");
    var search =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/Task?_count=1"))
                .header("Authorization", "Bearer " + token.path("access_token").asText())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
    assertThat(FHIR.newJsonParser().parseResource(Bundle.class, search.body())).isNotNull();

    // and the same assertion again is a replay
    assertOAuthError(
        "replay", Assertions.requestToken(HTTP, adapter.tokenUrl(), assertion, "system/Task.rs"));

    // and stays one after the adapter restarts on the same database
    adapter.close();
    adapter = startAdapter();
    assertOAuthError(
        "replay-after-restart",
        Assertions.requestToken(HTTP, adapter.tokenUrl(), assertion, "system/Task.rs"));
  }

  @Test
  void metadataAndSmartDiscoveryArePublicAndAdvertiseTheTokenEndpoint() throws Exception {
    var metadata = get(adapter.fhirBase() + "/metadata", null);
    assertThat(metadata.statusCode()).isEqualTo(200);
    JsonNode security = JSON.readTree(metadata.body()).path("rest").path(0).path("security");
    // the CapabilityStatement says SMART on FHIR, and where the token comes from
    assertThat(security.path("service").path(0).path("coding").path(0).path("code").asText())
        .isEqualTo("SMART-on-FHIR");
    JsonNode oauthUris = security.path("extension").path(0);
    assertThat(oauthUris.path("url").asText())
        .isEqualTo("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
    assertThat(oauthUris.path("extension").path(0).path("url").asText()).isEqualTo("token");
    assertThat(oauthUris.path("extension").path(0).path("valueUri").asText())
        .isEqualTo(adapter.tokenAudience());

    var smart = get(adapter.fhirBase() + "/.well-known/smart-configuration", null);
    assertThat(smart.statusCode()).isEqualTo(200);
    JsonNode config = JSON.readTree(smart.body());
    assertThat(config.path("token_endpoint").asText()).isEqualTo(adapter.tokenAudience());
    assertThat(config.path("token_endpoint_auth_methods_supported").toString())
        .contains("private_key_jwt");
    assertThat(config.path("token_endpoint_auth_signing_alg_values_supported").toString())
        .contains("RS384")
        .contains("ES384");
    assertThat(config.path("grant_types_supported").toString()).contains("client_credentials");

    var jwks = get(adapter.tokenUrl().replace("/oauth/token", "/oauth/jwks"), null);
    assertThat(jwks.statusCode()).isEqualTo(200);
    JWKSet published = JWKSet.parse(jwks.body());
    assertThat(published.getKeys())
        .isNotEmpty()
        .allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    var req = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertOAuthError(String name, HttpResponse<String> res) throws Exception {
    assertThat(res.statusCode()).as(name + ": " + res.body()).isIn(400, 401);
    JsonNode body = JSON.readTree(res.body());
    assertThat(body.path("error").asText())
        .as(name + ": " + res.body())
        .isIn("invalid_client", "invalid_grant", "invalid_request");
    assertThat(body.has("access_token")).as(name).isFalse();
  }

  /** {@code claims} MACed with HS256 under {@code kid}: the alg-confusion attack. */
  private static String hmac(String kid, JWTClaimsSet claims) throws Exception {
    var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
    jwt.sign(new MACSigner("a-shared-secret-that-is-long-enough-for-hs256!".getBytes()));
    return jwt.serialize();
  }
}
