package org.pathway.fhiradapter.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
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
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * S1 over HTTP: every bad credential is refused (401 with {@code WWW-Authenticate} and an
 * OperationOutcome for bearer tokens; RFC 6749 JSON errors at the token endpoint), a good client
 * assertion gets a token that works, discovery stays public, and every refusal is audited with the
 * caller and status.
 */
class AccessIT {

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
  void metadataIsPublic() throws Exception {
    var metadata = get(adapter.fhirBase() + "/metadata", null);
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body()).contains("CapabilityStatement");
  }

  @Test
  void everyBadBearerTokenIsRefusedWith401AndAudited() throws Exception {
    String good = adapter.token("practice-a81001");
    JWK pathwayKey = JWKSet.load(Adapter.SIGNING_KEY.toFile()).getKeys().get(0);
    JWTClaimsSet claims = SignedJWT.parse(good).getJWTClaimsSet();
    Date past = Date.from(Instant.now().minus(Duration.ofMinutes(10)));
    JWK stranger = new RSAKeyGenerator(2048).keyID("not-pathways").generate();

    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("none", null);
    bad.put("expired", resign(pathwayKey, claims, c -> c.expirationTime(past).issueTime(past)));
    bad.put("other-issuer", resign(pathwayKey, claims, c -> c.issuer("https://evil.example.org")));
    bad.put("unknown-kid", resign(stranger, claims, c -> c));
    bad.put("alg-none", new PlainJWT(claims).serialize());
    bad.put("hs256", hmac(pathwayKey.getKeyID(), claims));
    bad.put("tampered", tamper(good));
    bad.put("garbage", "not.a.jwt");

    for (var each : bad.entrySet()) {
      String correlation = "s1-bearer-" + each.getKey();
      var req =
          HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/Task?_count=1"))
              .header("X-Correlation-ID", correlation);
      if (each.getValue() != null) {
        req.header("Authorization", "Bearer " + each.getValue());
      }
      var res = HTTP.send(req.GET().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(res.statusCode()).as(each.getKey()).isEqualTo(401);
      if (each.getValue() == null) {
        // RFC 6750 section 3.1: no credentials, so a bare challenge without an error code
        assertThat(res.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer realm=\"pathway\"");
      } else {
        assertThat(res.headers().firstValue("WWW-Authenticate"))
            .as(each.getKey())
            .hasValueSatisfying(
                h ->
                    assertThat(h)
                        .startsWith("Bearer realm=\"pathway\"")
                        .contains("error=\"invalid_token\"")
                        .contains("error_description=\""));
      }
      var oo = (OperationOutcome) FHIR.newJsonParser().parseResource(res.body());
      assertThat(oo.getIssueFirstRep().getCode()).as(each.getKey()).isEqualTo(IssueType.LOGIN);
      assertThat(oo.getIssueFirstRep().getDiagnostics()).as(each.getKey()).isNotBlank();
    }

    // then each refusal is in the audit, with its status and no verified caller
    for (String name : bad.keySet()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          adapter
                              .ledger()
                              .count(
                                  "audit_event",
                                  "kind = 'interaction' AND status = 401 AND client_id IS NULL"
                                      + " AND resource_type = 'Task'"
                                      + " AND interaction = 'search-type' AND correlation_id = ?",
                                  "s1-bearer-" + name))
                      .as(name)
                      .isEqualTo(1));
    }
  }

  @Test
  void theAuditIsReadableAsAuditEventByOperatorsOnly() throws Exception {
    // given a refused call and a good one, each with its own correlation id
    String refused = "audit-" + UUID.randomUUID();
    var unauthenticated =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/ServiceRequest/nope"))
                .header("X-Correlation-ID", refused)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    var practice = get(adapter.fhirBase() + "/Task?_count=1", adapter.token("practice-a81001"));
    assertThat(practice.statusCode()).isEqualTo(200);

    // when a practice asks for the audit, it is refused, and that refusal is audited too
    var forbidden = get(adapter.fhirBase() + "/AuditEvent", adapter.token("practice-a81001"));
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(FHIR.newJsonParser().parseResource(OperationOutcome.class, forbidden.body()))
        .satisfies(
            oo -> assertThat(oo.getIssueFirstRep().getCode()).isEqualTo(IssueType.FORBIDDEN));

    // then the operator finds the 401 (no caller), the practice's search and its 403
    String operator = adapter.token("operator");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Bundle refusals =
                  search(adapter.fhirBase() + "/AuditEvent?outcome=4&_count=500", operator);
              assertThat(
                      refusals.getEntry().stream()
                          .map(e -> (AuditEvent) e.getResource())
                          .filter(e -> correlation(e).equals(refused)))
                  .singleElement()
                  .satisfies(
                      e -> {
                        assertThat(e.getOutcomeDesc()).isEqualTo("HTTP 401");
                        assertThat(e.getSubtypeFirstRep().getCode()).isEqualTo("read");
                        assertThat(e.getEntityFirstRep().getWhat().getReference())
                            .isEqualTo("ServiceRequest/nope");
                        assertThat(e.getAgentFirstRep().getWho().hasIdentifier()).isFalse();
                      });
              Bundle practices =
                  search(
                      adapter.fhirBase() + "/AuditEvent?agent=practice-a81001&_count=500",
                      operator);
              assertThat(
                      practices.getEntry().stream()
                          .map(e -> (AuditEvent) e.getResource())
                          .map(AuditEvent::getOutcomeDesc))
                  .contains("HTTP 200", "HTTP 403");
              assertThat(practices.getEntry())
                  .allSatisfy(
                      e ->
                          assertThat(
                                  ((AuditEvent) e.getResource())
                                      .getAgentFirstRep()
                                      .getWho()
                                      .getIdentifier()
                                      .getValue())
                              .isEqualTo("practice-a81001"));
            });
  }

  @Test
  void anOperatorPagesThroughTheAuditNewestFirstMeetingEachRecordOnce() throws Exception {
    // given: five calls by one client, audited
    String worker = adapter.token("lw-youth");
    for (int i = 0; i < 5; i++) {
      assertThat(get(adapter.fhirBase() + "/Task?_count=1", worker).statusCode()).isEqualTo(200);
    }
    var log = adapter.context().getBean(org.pathway.fhiradapter.ledger.InteractionLog.class);
    log.flush();
    String operator = adapter.token("operator");
    String audit = adapter.fhirBase() + "/AuditEvent?agent=lw-youth&_count=2";

    // when: the operator reads them two at a time, while the client makes another call
    Bundle page = search(audit, operator);
    assertThat(page.getTotal()).isEqualTo(5);
    assertThat(get(adapter.fhirBase() + "/Task?_count=1", worker).statusCode()).isEqualTo(200);
    log.flush();
    java.util.List<String> seen = new java.util.ArrayList<>();
    java.util.List<Date> times = new java.util.ArrayList<>();
    int pages = 1;
    while (true) {
      for (var e : page.getEntry()) {
        seen.add(e.getResource().getIdElement().getIdPart());
        times.add(((AuditEvent) e.getResource()).getRecorded());
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = search(page.getLink(Bundle.LINK_NEXT).getUrl(), operator);
      pages++;
    }

    // then: the five, newest first, each once; the newer call neither shifted a page nor showed
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(5).doesNotHaveDuplicates();
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(search(audit, operator).getTotal()).isEqualTo(6);
    // and a page token naming no audit record is refused
    var forged = get(audit + "&_page_token=MS4yLmFiYw", operator);
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
  }

  private static String correlation(AuditEvent e) {
    return e.getEntityFirstRep().getDetail().stream()
        .filter(d -> "correlation-id".equals(d.getType()))
        .map(d -> d.getValue().primitiveValue())
        .findFirst()
        .orElse("");
  }

  private static Bundle search(String url, String token) throws Exception {
    var res = get(url, token);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return FHIR.newJsonParser().parseResource(Bundle.class, res.body());
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    var req = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code claims} changed by {@code change}, signed with {@code key} as Pathway signs. */
  private static String resign(
      JWK key, JWTClaimsSet claims, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS384)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            change.apply(new JWTClaimsSet.Builder(claims)).build());
    jwt.sign(new RSASSASigner(key.toRSAKey()));
    return jwt.serialize();
  }

  /** {@code claims} MACed with HS256 under {@code kid}: the alg-confusion attack. */
  private static String hmac(String kid, JWTClaimsSet claims) throws Exception {
    var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
    jwt.sign(new MACSigner("a-shared-secret-that-is-long-enough-for-hs256!".getBytes()));
    return jwt.serialize();
  }

  /** A good token whose payload says something else, signature kept. */
  private static String tamper(String token) throws Exception {
    String[] parts = token.split("\\.");
    JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
    var changed =
        new JWTClaimsSet.Builder(claims).claim("scope", "system/*.cruds").build().toString();
    return parts[0]
        + "."
        + Base64URL.encode(changed.getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }
}
