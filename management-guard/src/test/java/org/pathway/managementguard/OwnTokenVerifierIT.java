package org.pathway.managementguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.managementguard.support.ManagementApp;
import org.pathway.managementguard.support.TestIssuer;

/**
 * A service with a token verifier of its own (the fhir-adapter's case) keeps it: the guard builds
 * none, and accepts the tokens that verifier accepts, with no {@code pathway.management} settings.
 */
class OwnTokenVerifierIT {

  private static TestIssuer issuer;

  @Test
  void theGuardUsesTheServicesOwnVerifier() throws Exception {
    try (TestIssuer own = new TestIssuer()) {
      issuer = own;
      try (ManagementApp app = new ManagementApp(Map.of("spec.own-verifier", true))) {
        assertThat(app.context().getBeansOfType(TokenVerifier.class))
            .containsExactly(app.context().getBean(ServiceVerifier.class).verifier);
        assertThat(app.get("/prometheus", own.token("operator")).statusCode()).isEqualTo(200);
        assertThat(app.get("/prometheus", own.token("practice-a81001")).statusCode())
            .isEqualTo(403);
      }
    }
  }

  /** Stands in for the adapter's access wiring. */
  @Factory
  @Requires(property = "spec.own-verifier")
  static class ServiceVerifier {

    final TokenVerifier verifier = new TokenVerifier(issuer.tokens(), List.of(), issuer.clients());

    @Singleton
    TokenVerifier servicesOwn() {
      return verifier;
    }
  }
}
