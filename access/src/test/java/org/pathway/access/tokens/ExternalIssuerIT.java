package org.pathway.access.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.access.assertion.ClientAssertionCheck;
import org.pathway.access.assertion.ClientAssertions;
import org.pathway.access.assertion.InvalidClientAssertionException;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.support.MemoryJtiStore;
import org.pathway.access.support.TestClients;

/** Keys fetched over HTTP: an external OIDC issuer's tokens, and a client's {@code jwks-uri}. */
class ExternalIssuerIT {

  static final String ISSUER = "https://keycloak.example/realms/nhs";
  static final String AUDIENCE = "pathway-api";

  static HttpServer server;
  static String base;
  static final AtomicInteger jwksFetches = new AtomicInteger();
  static final RSAKey ISSUER_KEY = TestClients.rsa("issuer-key-1");
  static final ECKey CLIENT_KEY = ec("council-key-1");

  static final RegisteredClient COUNCIL =
      new RegisteredClient(
          "council-1",
          "C1",
          Role.REFERRER,
          "council",
          ScopeSet.parse("system/ServiceRequest.cr system/Task.rs"),
          null,
          null,
          List.of(),
          null);

  @BeforeAll
  static void serveKeys() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve("/issuer/jwks", new JWKSet(ISSUER_KEY.toPublicJWK()).toString());
    serve("/clients/council/jwks", new JWKSet(CLIENT_KEY.toPublicJWK()).toString());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static void serve(String path, String body) {
    server.createContext(
        path,
        exchange -> {
          jwksFetches.incrementAndGet();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  TokenVerifier verifier() {
    AccessTokens own =
        new AccessTokens("https://pathway.example", SigningKeys.generate(), Duration.ofMinutes(5));
    return new TokenVerifier(
        own,
        List.of(
            new TokenVerifier.TrustedIssuer(ISSUER, URI.create(base + "/issuer/jwks"), AUDIENCE)),
        ClientRegistry.of(List.of(COUNCIL)));
  }

  JWTClaimsSet.Builder keycloakClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("service-account-uuid")
        .claim("azp", "council-1")
        .audience(AUDIENCE)
        .claim("scope", "openid profile system/Task.cruds system/ServiceRequest.c")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .jwtID(UUID.randomUUID().toString());
  }

  static String keycloakSigned(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(ISSUER_KEY.getKeyID())
                .build(),
            claims);
    jwt.sign(new RSASSASigner(ISSUER_KEY));
    return jwt.serialize();
  }

  @Test
  void acceptsAnExternalIssuersTokenNamingARegisteredClientByAzp() throws Exception {
    Caller caller = verifier().verify(keycloakSigned(keycloakClaims().build()));

    assertThat(caller.clientId()).isEqualTo("council-1");
    assertThat(caller.kind()).isEqualTo("council");
    assertThat(caller.scopes()).isEqualTo(ScopeSet.parse("system/Task.rs system/ServiceRequest.c"));
  }

  @Test
  void refusesAnExternalTokenForAnotherAudience() throws Exception {
    String token = keycloakSigned(keycloakClaims().audience("some-other-api").build());

    assertThatThrownBy(() -> verifier().verify(token)).hasMessageContaining("audience");
  }

  @Test
  void refusesAnExternalTokenForAnUnregisteredClient() throws Exception {
    String token = keycloakSigned(keycloakClaims().claim("azp", "not-registered").build());

    assertThatThrownBy(() -> verifier().verify(token)).hasMessageContaining("no registered client");
  }

  @Test
  void refusesAnExternalTokenSignedByAKeyTheIssuerDoesNotPublish() throws Exception {
    RSAKey stranger = TestClients.rsa("issuer-key-1");
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("issuer-key-1").build(),
            keycloakClaims().build());
    jwt.sign(new RSASSASigner(stranger));

    assertThatThrownBy(() -> verifier().verify(jwt.serialize()))
        .hasMessageContaining("signature is not valid");
  }

  @Test
  void aRepeatedUnknownKidDoesNotRefetchTheJwksEachTime() throws Exception {
    TokenVerifier verifier = verifier();
    verifier.verify(keycloakSigned(keycloakClaims().build()));
    int before = jwksFetches.get();
    for (int i = 0; i < 20; i++) {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("kid-" + i).build(),
              keycloakClaims().build());
      jwt.sign(new RSASSASigner(ISSUER_KEY));
      assertThatThrownBy(() -> verifier.verify(jwt.serialize()))
          .isInstanceOf(InvalidTokenException.class);
    }

    assertThat(jwksFetches.get() - before).isLessThanOrEqualTo(2);
  }

  @Test
  void checksAnAssertionAgainstTheClientsJwksUri() throws Exception {
    String tokenUrl = "https://pathway.example/oauth/token";
    RegisteredClient council =
        new RegisteredClient(
            "council-1",
            "C1",
            Role.REFERRER,
            "council",
            ScopeSet.parse("system/ServiceRequest.cr"),
            null,
            URI.create(base + "/clients/council/jwks"),
            List.of(),
            null);
    ClientAssertionCheck check =
        new ClientAssertionCheck(
            ClientRegistry.of(List.of(council)), new MemoryJtiStore(), tokenUrl);

    String good = ClientAssertions.sign("council-1", CLIENT_KEY, tokenUrl, Duration.ofMinutes(4));
    assertThat(check.check(good)).isEqualTo(council);

    ECKey otherKey = ec("council-key-2");
    String unknownKid =
        ClientAssertions.sign("council-1", otherKey, tokenUrl, Duration.ofMinutes(4));
    assertThatThrownBy(() -> check.check(unknownKid))
        .isInstanceOf(InvalidClientAssertionException.class)
        .hasMessageContaining("council-key-2");
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
