package org.pathway.access.assertion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathway.access.support.TestClients.HUB;
import static org.pathway.access.support.TestClients.HUB_KEY;
import static org.pathway.access.support.TestClients.KEYLESS;
import static org.pathway.access.support.TestClients.PRACTICE;
import static org.pathway.access.support.TestClients.PRACTICE_KEY;
import static org.pathway.access.support.TestClients.assertionClaims;
import static org.pathway.access.support.TestClients.signEs384;
import static org.pathway.access.support.TestClients.signRs384;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.support.MemoryJtiStore;
import org.pathway.access.support.TestClients;
import org.pathway.testsupport.time.MovableClock;

class ClientAssertionCheckTest {

  static final String TOKEN_URL = "https://pathway.example/oauth/token";

  final MovableClock clock = MovableClock.now();
  final ClientAssertionCheck check =
      new ClientAssertionCheck(
          ClientRegistry.of(List.of(PRACTICE, HUB, KEYLESS)),
          new MemoryJtiStore(),
          TOKEN_URL,
          clock);

  JWTClaimsSet.Builder practiceClaims() {
    return assertionClaims(PRACTICE.clientId(), TOKEN_URL, clock);
  }

  String practiceSigned(JWTClaimsSet claims) {
    return signRs384(PRACTICE_KEY, "practice-key-1", claims);
  }

  @Test
  void acceptsAnRs384AssertionFromARegisteredClient() throws Exception {
    assertThat(check.check(practiceSigned(practiceClaims().build()))).isEqualTo(PRACTICE);
  }

  @Test
  void acceptsAnEs384Assertion() throws Exception {
    String assertion =
        signEs384(HUB_KEY, assertionClaims(HUB.clientId(), TOKEN_URL, clock).build());

    assertThat(check.check(assertion)).isEqualTo(HUB);
  }

  @Test
  void acceptsWhatTheClientSideHelperBuilds() throws Exception {
    String assertion =
        ClientAssertions.sign(
            PRACTICE.clientId(), PRACTICE_KEY, TOKEN_URL, Duration.ofMinutes(5), clock);

    assertThat(check.check(assertion)).isEqualTo(PRACTICE);
  }

  @Test
  void refusesAnExpiredAssertion() {
    String assertion =
        practiceSigned(
            practiceClaims().expirationTime(Date.from(clock.instant().minusSeconds(60))).build());

    assertRefused(assertion, "expired");
  }

  @Test
  void refusesAnAssertionExpiringMoreThanFiveMinutesAhead() {
    String assertion =
        practiceSigned(
            practiceClaims().expirationTime(Date.from(clock.instant().plusSeconds(600))).build());

    assertRefused(assertion, "more than 5 minutes ahead");
  }

  @Test
  void refusesAnAssertionWithoutExp() {
    assertRefused(practiceSigned(practiceClaims().expirationTime(null).build()), "no exp");
  }

  @Test
  void refusesAReusedJti() throws Exception {
    String assertion = practiceSigned(practiceClaims().build());
    check.check(assertion);

    assertRefused(assertion, "jti has been used before");
  }

  @Test
  void refusesAnAssertionWithoutJti() {
    assertRefused(practiceSigned(practiceClaims().jwtID(null).build()), "no jti");
  }

  @Test
  void refusesAWrongAudience() {
    assertRefused(
        practiceSigned(practiceClaims().audience(TOKEN_URL + "/").build()),
        "aud must be exactly the token endpoint");
    assertRefused(
        practiceSigned(practiceClaims().audience("https://pathway.example/fhir").build()),
        "aud must be exactly");
    assertRefused(
        practiceSigned(practiceClaims().audience(List.of(TOKEN_URL, "https://other")).build()),
        "aud must be exactly");
  }

  @Test
  void refusesAlgNone() {
    String assertion = new PlainJWT(practiceClaims().build()).serialize();

    assertRefused(assertion, "alg none");
  }

  @Test
  void refusesHs256KeyedWithTheClientsPublicKey() throws Exception {
    byte[] publicKey = PRACTICE_KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("practice-key-1").build(),
            practiceClaims().build());
    jwt.sign(new MACSigner(publicKey));

    assertRefused(jwt.serialize(), "alg HS256 is not accepted");
  }

  @Test
  void refusesRs256EvenWithTheRightKey() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("practice-key-1").build(),
            practiceClaims().build());
    jwt.sign(new RSASSASigner(PRACTICE_KEY));

    assertRefused(jwt.serialize(), "alg RS256 is not accepted");
  }

  @Test
  void refusesAnUnknownKid() {
    assertRefused(
        signRs384(PRACTICE_KEY, "some-other-key", practiceClaims().build()),
        "kid 'some-other-key' is not one of the client's registered keys");
  }

  @Test
  void refusesAnAssertionWithoutKid() {
    assertRefused(signRs384(PRACTICE_KEY, null, practiceClaims().build()), "no kid");
  }

  @Test
  void refusesASignatureByAnotherKeyUnderARegisteredKid() {
    RSAKey impostor = TestClients.rsa("practice-key-1");

    assertRefused(
        signRs384(impostor, "practice-key-1", practiceClaims().build()), "signature is not valid");
  }

  @Test
  void refusesAnIssuerThatIsNotTheSubject() {
    assertRefused(practiceSigned(practiceClaims().subject(HUB.clientId()).build()), "iss and sub");
  }

  @Test
  void refusesAnUnregisteredClient() {
    String assertion =
        signRs384(
            PRACTICE_KEY, "practice-key-1", assertionClaims("stranger", TOKEN_URL, clock).build());

    assertRefused(assertion, "not registered");
  }

  @Test
  void refusesAClientWithNoRegisteredKeys() {
    String assertion =
        signRs384(
            PRACTICE_KEY,
            "practice-key-1",
            assertionClaims(KEYLESS.clientId(), TOKEN_URL, clock).build());

    assertRefused(assertion, "no registered keys");
  }

  @Test
  void refusesSomethingThatIsNotAJwt() {
    assertRefused("not-a-jwt", "not a JWT");
    assertRefused(null, "missing");
  }

  @Test
  void namesTheClaimedClientForTheAuditOfARefusal() {
    String assertion = signRs384(PRACTICE_KEY, "nope", practiceClaims().build());

    assertThatThrownBy(() -> check.check(assertion))
        .isInstanceOfSatisfying(
            InvalidClientAssertionException.class,
            e -> assertThat(e.claimedClientId()).isEqualTo(PRACTICE.clientId()));
  }

  @Test
  void doesNotSpendTheJtiOfAnAssertionItRefuses() throws Exception {
    JWTClaimsSet claims = practiceClaims().build();
    assertRefused(
        signRs384(TestClients.rsa("practice-key-1"), "practice-key-1", claims), "signature");

    assertThat(check.check(practiceSigned(claims))).isEqualTo(PRACTICE);
  }

  private void assertRefused(String assertion, String reason) {
    assertThatThrownBy(() -> check.check(assertion))
        .isInstanceOf(InvalidClientAssertionException.class)
        .hasMessageContaining(reason);
  }
}
