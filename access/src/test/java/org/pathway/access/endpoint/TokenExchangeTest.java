package org.pathway.access.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathway.access.support.TestClients.HUB;
import static org.pathway.access.support.TestClients.PRACTICE;
import static org.pathway.access.support.TestClients.PRACTICE_KEY;
import static org.pathway.access.support.TestClients.assertionClaims;
import static org.pathway.access.support.TestClients.signRs384;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.access.assertion.ClientAssertionCheck;
import org.pathway.access.assertion.ClientAssertions;
import org.pathway.access.assertion.JtiStore;
import org.pathway.access.assertion.JtiStoreUnavailableException;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.support.MemoryJtiStore;
import org.pathway.access.tokens.AccessTokens;
import org.pathway.access.tokens.AccessTokens.IssuedToken;
import org.pathway.access.tokens.Caller;
import org.pathway.access.tokens.SigningKeys;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.testsupport.time.MovableClock;

class TokenExchangeTest {

  static final String BASE = "https://pathway.example";
  static final String TOKEN_URL = SmartConfiguration.tokenEndpoint(BASE);

  final MovableClock clock = MovableClock.now();
  final ClientRegistry registry = ClientRegistry.of(List.of(PRACTICE, HUB));
  final AccessTokens tokens =
      new AccessTokens(BASE, SigningKeys.generate(), Duration.ofMinutes(5), clock);
  final TokenExchange exchange = exchangeWith(new MemoryJtiStore());

  TokenExchange exchangeWith(JtiStore jtis) {
    return new TokenExchange(new ClientAssertionCheck(registry, jtis, TOKEN_URL, clock), tokens);
  }

  Map<String, String> form(String scope) {
    Map<String, String> form = new HashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("scope", scope);
    form.put("client_assertion_type", ClientAssertions.JWT_BEARER);
    form.put(
        "client_assertion",
        ClientAssertions.sign(
            PRACTICE.clientId(), PRACTICE_KEY, TOKEN_URL, Duration.ofMinutes(5), clock));
    return form;
  }

  @Test
  void issuesATokenForTheRegisteredPartOfTheRequestedScopes() throws Exception {
    IssuedToken token = exchange.exchange(form("system/Task.cruds system/ServiceRequest.c"));

    assertThat(token.scope()).isEqualTo(ScopeSet.parse("system/Task.rus system/ServiceRequest.c"));
    assertThat(token.expiresIn()).isEqualTo(Duration.ofMinutes(5));
    Caller caller =
        new TokenVerifier(tokens, List.of(), registry, clock, 10).verify(token.accessToken());
    assertThat(caller.clientId()).isEqualTo(PRACTICE.clientId());
    assertThat(caller.scopes()).isEqualTo(token.scope());
  }

  @Test
  void grantNamesTheClientForTheAudit() throws Exception {
    assertThat(exchange.grant(form("system/Task.r")).client()).isEqualTo(PRACTICE);
  }

  @Test
  void refusesScopesOutsideTheRegistration() {
    assertOAuthError(
        () -> exchange.exchange(form("system/Patient.r system/Task.d")), "invalid_scope", 400);
  }

  @Test
  void refusesAMalformedScope() {
    assertOAuthError(() -> exchange.exchange(form("system/Task.xyz")), "invalid_scope", 400);
  }

  @Test
  void refusesAMissingScope() {
    Map<String, String> form = form("x");
    form.remove("scope");

    assertOAuthError(() -> exchange.exchange(form), "invalid_request", 400);
  }

  @Test
  void refusesAnyGrantButClientCredentials() {
    Map<String, String> form = form("system/Task.r");
    form.put("grant_type", "authorization_code");

    assertOAuthError(() -> exchange.exchange(form), "unsupported_grant_type", 400);
    form.remove("grant_type");
    assertOAuthError(() -> exchange.exchange(form), "invalid_request", 400);
  }

  @Test
  void refusesAnotherClientAssertionType() {
    Map<String, String> form = form("system/Task.r");
    form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");

    assertOAuthError(() -> exchange.exchange(form), "invalid_client", 401);
  }

  @Test
  void refusesAMissingAssertion() {
    Map<String, String> form = form("system/Task.r");
    form.remove("client_assertion");

    assertOAuthError(() -> exchange.exchange(form), "invalid_client", 401);
  }

  @Test
  void refusesABadAssertionAsInvalidClientNamingTheClaimedClient() {
    Map<String, String> form = form("system/Task.r");
    form.put(
        "client_assertion",
        signRs384(
            PRACTICE_KEY,
            "unknown-kid",
            assertionClaims(PRACTICE.clientId(), TOKEN_URL, clock).build()));

    assertThatThrownBy(() -> exchange.exchange(form))
        .isInstanceOfSatisfying(
            OAuthErrorException.class,
            e -> {
              assertThat(e.error()).isEqualTo("invalid_client");
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.clientId()).isEqualTo(PRACTICE.clientId());
              assertThat(e.getMessage()).contains("unknown-kid");
            });
  }

  @Test
  void refusesAReplayedAssertion() throws Exception {
    Map<String, String> form = form("system/Task.r");
    exchange.exchange(form);

    assertOAuthError(() -> exchange.exchange(form), "invalid_client", 401);
  }

  @Test
  void refusesAClientIdOtherThanTheAssertionsIssuer() {
    Map<String, String> form = form("system/Task.r");
    form.put("client_id", HUB.clientId());

    assertOAuthError(() -> exchange.exchange(form), "invalid_client", 401);
  }

  @Test
  void anUnavailableReplayLogIsTemporaryNotAGrant() {
    TokenExchange broken =
        exchangeWith(
            (clientId, jti, expiresAt) -> {
              throw new JtiStoreUnavailableException("down", null);
            });

    assertOAuthError(() -> broken.exchange(form("system/Task.r")), "temporarily_unavailable", 503);
  }

  @Test
  void refusesAnExpiredAssertion() {
    Map<String, String> form = form("system/Task.r");
    clock.advance(Duration.ofMinutes(6));

    assertOAuthError(() -> exchange.exchange(form), "invalid_client", 401);
    assertThat(clock.instant()).isAfter(Instant.now());
  }

  interface Call {
    void run() throws Exception;
  }

  private static void assertOAuthError(Call call, String error, int status) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            OAuthErrorException.class,
            e -> {
              assertThat(e.error()).isEqualTo(error);
              assertThat(e.status()).isEqualTo(status);
            });
  }
}
