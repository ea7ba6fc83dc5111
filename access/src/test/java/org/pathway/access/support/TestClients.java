package org.pathway.access.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.ScopeSet;

/** Clients with real key pairs, and assertions signed by hand to break one rule at a time. */
public final class TestClients {

  public static final RSAKey PRACTICE_KEY = rsa("practice-key-1");
  public static final ECKey HUB_KEY = ec("hub-key-1");

  public static final RegisteredClient PRACTICE =
      new RegisteredClient(
          "practice-a81001",
          "A81001",
          Role.REFERRER,
          "gp-practice",
          ScopeSet.parse("system/ServiceRequest.cr system/Task.rsu system/Observation.cr"),
          new JWKSet(PRACTICE_KEY.toPublicJWK()),
          null,
          List.of(),
          null);

  public static final RegisteredClient HUB =
      new RegisteredClient(
          "hub-north",
          "HUB-N",
          Role.HUB,
          null,
          ScopeSet.parse("system/Task.rsu system/ServiceRequest.r"),
          new JWKSet(HUB_KEY.toPublicJWK()),
          null,
          List.of("A81001"),
          null);

  /** Registered, but with no keys: it may only present tokens from an external issuer. */
  public static final RegisteredClient KEYLESS =
      new RegisteredClient(
          "council-1",
          "C1",
          Role.REFERRER,
          "council",
          ScopeSet.parse("system/ServiceRequest.cr"),
          null,
          null,
          List.of(),
          null);

  private TestClients() {}

  /** The claims of a good assertion from {@code clientId} to {@code tokenUrl}, 4 minutes long. */
  public static JWTClaimsSet.Builder assertionClaims(
      String clientId, String tokenUrl, Clock clock) {
    return new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(tokenUrl)
        .issueTime(Date.from(clock.instant()))
        .expirationTime(Date.from(clock.instant().plusSeconds(240)))
        .jwtID(UUID.randomUUID().toString());
  }

  public static String signRs384(RSAKey key, String kid, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(kid).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String signEs384(ECKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
