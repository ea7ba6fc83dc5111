package org.pathway.managementguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.managementguard.support.ManagementApp;
import org.pathway.managementguard.support.TestIssuer;

/**
 * The guard on a management-only app whose verifier it builds itself (the router's and the
 * notifier's case): trusting an issuer by its JWKS URL and the clients file.
 */
class ManagementGuardIT {

  static TestIssuer issuer;
  static ManagementApp app;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer();
    app = new ManagementApp(issuer.properties());
  }

  @AfterAll
  static void stop() {
    app.close();
    issuer.close();
  }

  @Test
  void probesAnswerAnyoneWithStatusOnly() throws Exception {
    for (String probe : new String[] {"/health/liveness", "/health/readiness"}) {
      HttpResponse<String> anonymous = app.get(probe, null);
      assertThat(anonymous.statusCode()).as(probe).isEqualTo(200);
      assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("details");
      // an operator's token changes nothing on a probe, and a bad one does not fail it
      assertThat(app.get(probe, issuer.token("operator")).body()).doesNotContain("details");
      assertThat(app.get(probe, "not-a-token").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthShowsDetailsOnlyToAnOperator() throws Exception {
    HttpResponse<String> anonymous = app.get("/health", null);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).contains("UP").doesNotContain("details");
    assertThat(app.get("/health", issuer.token("practice-a81001")).body())
        .doesNotContain("details");

    HttpResponse<String> operator = app.get("/health", issuer.token("operator"));
    assertThat(operator.statusCode()).isEqualTo(200);
    assertThat(operator.body()).contains("details").contains("diskSpace");
  }

  @Test
  void prometheusWithoutATokenIsAChallenge() throws Exception {
    HttpResponse<String> response = app.get("/prometheus", null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"pathway-management\"");
    assertThat(response.body()).doesNotContain("jvm_");
  }

  @Test
  void prometheusWithABadTokenIsInvalidToken() throws Exception {
    String forged = issuer.token("operator");
    forged = forged.substring(0, forged.length() - 4) + "AAAA";
    for (String bad : new String[] {"garbage", forged}) {
      HttpResponse<String> response = app.get("/prometheus", bad);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer realm=\"pathway-management\", error=\"invalid_token\"");
      assertThat(response.body()).contains("invalid_token").doesNotContain("jvm_");
    }
  }

  @Test
  void prometheusRefusesAValidTokenOfANonOperator() throws Exception {
    HttpResponse<String> response = app.get("/prometheus", issuer.token("practice-a81001"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("insufficient_scope");
    assertThat(response.body()).contains("not an operator").doesNotContain("jvm_");
  }

  @Test
  void prometheusAnswersAnOperatorWithMetrics() throws Exception {
    HttpResponse<String> response = app.get("/prometheus", issuer.token("operator"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("# TYPE").contains("jvm_memory_used_bytes");
  }

  @Test
  void everyOtherPathNeedsAnOperatorToo() throws Exception {
    for (String path : new String[] {"/loggers", "/beans", "/anything", "/health/../prometheus"}) {
      assertThat(app.get(path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(app.get(path, issuer.token("practice-a81001")).statusCode())
          .as(path)
          .isEqualTo(403);
    }
  }
}
