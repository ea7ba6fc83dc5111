package org.pathway.access.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.Interaction;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.testsupport.time.MovableClock;

class TokenVerifierTest {

  static final String ISSUER = "https://pathway.example";

  static final RegisteredClient HUB =
      new RegisteredClient(
          "hub-north",
          "HUB-N",
          Role.HUB,
          null,
          ScopeSet.parse("system/Task.rsu system/ServiceRequest.r"),
          null,
          null,
          List.of("A81001", "A81002"),
          null);

  final MovableClock clock = MovableClock.now();
  final JWKSet keys = SigningKeys.generate();
  final AccessTokens tokens = new AccessTokens(ISSUER, keys, Duration.ofMinutes(5), clock);
  final ClientRegistry registry = ClientRegistry.of(List.of(HUB));
  final TokenVerifier verifier = new TokenVerifier(tokens, List.of(), registry, clock, 100);

  @Test
  void namesTheCallerOfAPathwayToken() throws Exception {
    String token = tokens.issue(HUB, ScopeSet.parse("system/Task.rs")).accessToken();

    Caller caller = verifier.verify(token);

    assertThat(caller.clientId()).isEqualTo("hub-north");
    assertThat(caller.organization()).isEqualTo("HUB-N");
    assertThat(caller.role()).isEqualTo(Role.HUB);
    assertThat(caller.area()).containsExactly("A81001", "A81002");
    assertThat(caller.scopes()).isEqualTo(ScopeSet.parse("system/Task.rs"));
    assertThat(caller.scopes().permits("Task", Interaction.UPDATE)).isFalse();
    assertThat(caller.tokenId()).isEqualTo(SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
  }

  @Test
  void neverGrantsMoreThanTheRegistrationWhateverTheTokenSays() throws Exception {
    String token =
        tokens.issue(HUB, ScopeSet.parse("system/Task.cruds system/Patient.r")).accessToken();

    Caller caller = verifier.verify(token);

    assertThat(caller.scopes()).isEqualTo(ScopeSet.parse("system/Task.rus"));
  }

  @Test
  void refusesAnExpiredToken() {
    String token = tokens.issue(HUB, ScopeSet.parse("system/Task.rs")).accessToken();
    clock.advance(Duration.ofMinutes(6));

    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void neverServesACachedTokenAfterItExpires() throws Exception {
    String token = tokens.issue(HUB, ScopeSet.parse("system/Task.rs")).accessToken();
    assertThat(verifier.verify(token).clientId()).isEqualTo("hub-north");
    assertThat(verifier.verify(token).clientId()).isEqualTo("hub-north");

    clock.advance(Duration.ofMinutes(6));

    assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("expired");
  }

  @Test
  void acceptsATokenJustPastExpWithinTheClockSkewButNoLonger() throws Exception {
    String token = tokens.issue(HUB, ScopeSet.parse("system/Task.rs")).accessToken();

    clock.advance(Duration.ofMinutes(5).plusSeconds(20));
    assertThat(verifier.verify(token).clientId()).isEqualTo("hub-north");

    clock.advance(Duration.ofSeconds(20));
    assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("expired");
  }

  @Test
  void refusesATokenOfAnotherIssuer() {
    AccessTokens other =
        new AccessTokens("https://evil.example", SigningKeys.generate(), Duration.ofMinutes(5));
    String token = other.issue(HUB, ScopeSet.parse("system/Task.rs")).accessToken();

    assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("issuer is not trusted");
  }

  @Test
  void refusesATokenClaimingPathwayAsIssuerButSignedByAnotherKey() {
    AccessTokens forger =
        new AccessTokens(ISSUER, SigningKeys.generate(), Duration.ofMinutes(5), clock);
    String token = forger.issue(HUB, ScopeSet.parse("system/Task.rs")).accessToken();

    assertThatThrownBy(() -> verifier.verify(token))
        .hasMessageContaining("not signed by a key of its issuer");
  }

  @Test
  void refusesATokenWhosePayloadWasAltered() throws Exception {
    String token = tokens.issue(HUB, ScopeSet.parse("system/Task.r")).accessToken();
    String[] parts = token.split("\\.");
    JWTClaimsSet widened =
        new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
            .claim("scope", "system/Task.rsu")
            .build();
    String tampered = parts[0] + "." + Base64URL.encode(widened.toString()) + "." + parts[2];

    assertThatThrownBy(() -> verifier.verify(tampered))
        .hasMessageContaining("signature is not valid");
  }

  @Test
  void refusesAnUnsignedToken() {
    String token = new PlainJWT(claims().build()).serialize();

    assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("alg none");
  }

  @Test
  void refusesAnHmacTokenKeyedWithPathwaysPublicKey() throws Exception {
    byte[] publicKeyBytes =
        keys.getKeys().get(0).toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    jwt.sign(new MACSigner(publicKeyBytes));

    assertThatThrownBy(() -> verifier.verify(jwt.serialize()))
        .hasMessageContaining("alg HS256 is not accepted");
  }

  @Test
  void refusesATokenForAnotherAudience() throws Exception {
    String token = signWithPathwayKey(claims().audience("https://elsewhere.example/fhir").build());

    assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("audience");
  }

  @Test
  void refusesATokenWithoutExp() throws Exception {
    String token = signWithPathwayKey(claims().expirationTime(null).build());

    assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("exp");
  }

  @Test
  void refusesATokenNamingAnUnregisteredClient() throws Exception {
    String token =
        signWithPathwayKey(claims().subject("stranger").claim("client_id", "stranger").build());

    assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("no registered client");
  }

  @Test
  void aServiceIssuingNoTokensTrustsNoPathwayToken() {
    TokenVerifier withoutOwn = new TokenVerifier(null, List.of(), registry, clock, 100);
    String token = tokens.issue(HUB, ScopeSet.parse("system/Task.rs")).accessToken();

    assertThatThrownBy(() -> withoutOwn.verify(token))
        .hasMessageContaining("issuer is not trusted");
  }

  @Test
  void refusesSomethingThatIsNotAJwt() {
    assertThatThrownBy(() -> verifier.verify("abc")).hasMessageContaining("not a JWT");
    assertThatThrownBy(() -> verifier.verify("")).hasMessageContaining("no bearer token");
    assertThatThrownBy(() -> verifier.verify("a".repeat(20_000))).hasMessageContaining("too long");
  }

  private JWTClaimsSet.Builder claims() {
    Date now = Date.from(clock.instant());
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("hub-north")
        .claim("client_id", "hub-north")
        .audience(ISSUER + "/fhir")
        .claim("scope", "system/Task.rs")
        .issueTime(now)
        .expirationTime(Date.from(clock.instant().plusSeconds(300)))
        .jwtID(UUID.randomUUID().toString());
  }

  private String signWithPathwayKey(JWTClaimsSet claims) throws Exception {
    RSAKey key = keys.getKeys().get(0).toRSAKey();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS384)
                .type(AccessTokens.ACCESS_TOKEN_TYPE)
                .keyID(key.getKeyID())
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
