package org.pathway.access.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.testsupport.time.MovableClock;

class AccessTokensTest {

  static final RegisteredClient PRACTICE =
      new RegisteredClient(
          "practice-a81001",
          "A81001",
          Role.REFERRER,
          "gp-practice",
          ScopeSet.parse("system/Task.rsu system/ServiceRequest.cr"),
          null,
          null,
          null,
          null);

  @TempDir Path dir;

  @Test
  void issuesAnRs384TokenNamingTheClientAndItsScopes() throws Exception {
    JWKSet keys = SigningKeys.generate();
    MovableClock clock = MovableClock.now();
    AccessTokens tokens =
        new AccessTokens("https://pathway.example", keys, Duration.ofMinutes(5), clock);

    AccessTokens.IssuedToken issued = tokens.issue(PRACTICE, ScopeSet.parse("system/Task.rs"));

    SignedJWT jwt = SignedJWT.parse(issued.accessToken());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS384);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.getKeys().get(0).getKeyID());
    assertThat(jwt.verify(new RSASSAVerifier(tokens.publicKeys().getKeys().get(0).toRSAKey())))
        .isTrue();
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("https://pathway.example");
    assertThat(claims.getSubject()).isEqualTo("practice-a81001");
    assertThat(claims.getStringClaim("client_id")).isEqualTo("practice-a81001");
    assertThat(claims.getAudience()).containsExactly("https://pathway.example/fhir");
    assertThat(claims.getStringClaim("scope")).isEqualTo("system/Task.rs");
    Instant now = clock.instant();
    assertThat(claims.getIssueTime().toInstant()).isBetween(now.minusSeconds(1), now);
    assertThat(claims.getExpirationTime().toInstant())
        .isBetween(now.plusSeconds(299), now.plusSeconds(300));
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(issued.expiresIn()).isEqualTo(Duration.ofMinutes(5));
    assertThat(issued.scope()).isEqualTo(ScopeSet.parse("system/Task.rs"));
  }

  @Test
  void everyTokenHasItsOwnJti() throws Exception {
    AccessTokens tokens =
        new AccessTokens("https://p.example", SigningKeys.generate(), Duration.ofMinutes(5));

    String first = tokens.issue(PRACTICE, ScopeSet.parse("system/Task.r")).accessToken();
    String second = tokens.issue(PRACTICE, ScopeSet.parse("system/Task.r")).accessToken();

    assertThat(SignedJWT.parse(first).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(SignedJWT.parse(second).getJWTClaimsSet().getJWTID());
  }

  @Test
  void publishesOnlyPublicKeys() {
    AccessTokens tokens =
        new AccessTokens("https://p.example", SigningKeys.generate(), Duration.ofMinutes(5));

    assertThat(tokens.publicKeys().getKeys()).isNotEmpty().noneMatch(k -> k.isPrivate());
    assertThat(tokens.publicKeys().toString()).doesNotContain("\"d\"");
  }

  @Test
  void readsASigningKeyFileAndGivesAKeyWithoutKidItsThumbprint() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).generate();
    Path file = dir.resolve("signing.jwks");
    Files.writeString(file, new JWKSet(key).toString(false));

    AccessTokens tokens =
        new AccessTokens("https://p.example", SigningKeys.read(file), Duration.ofMinutes(5));
    SignedJWT jwt =
        SignedJWT.parse(tokens.issue(PRACTICE, ScopeSet.parse("system/Task.r")).accessToken());

    String thumbprint = key.computeThumbprint().toString();
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(thumbprint);
    assertThat(tokens.publicKeys().getKeyByKeyId(thumbprint)).isNotNull();
  }

  @Test
  void refusesASigningKeyFileHoldingOnlyAPublicKey() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
    Path file = dir.resolve("signing.jwks");
    Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());

    assertThatThrownBy(() -> SigningKeys.read(file))
        .hasMessageContaining("signing.jwks")
        .hasMessageContaining("private RSA key");
  }

  @Test
  void refusesAnUnreadableSigningKeyFileWithoutQuotingIt() throws Exception {
    Path file = dir.resolve("signing.jwks");
    Files.writeString(file, "{\"keys\": [ {\"kty\": \"RSA\", \"d\": \"SECRET-BITS\" ");

    assertThatThrownBy(() -> SigningKeys.read(file))
        .hasMessageContaining("signing.jwks")
        .hasMessageNotContaining("SECRET-BITS");
  }

  @Test
  void refusesAnIssuerWithATrailingSlash() {
    assertThatThrownBy(
            () ->
                new AccessTokens(
                    "https://p.example/", SigningKeys.generate(), Duration.ofMinutes(5)))
        .hasMessageContaining("trailing");
  }
}
