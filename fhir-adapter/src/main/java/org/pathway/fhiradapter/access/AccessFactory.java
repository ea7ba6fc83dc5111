package org.pathway.fhiradapter.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.tokens.AccessTokens;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.access.tokens.TokenVerifier.TrustedIssuer;
import org.pathway.fhiradapter.config.AccessConfig;
import org.pathway.fhiradapter.config.IssuerConfig;
import org.pathway.servicesettings.Setting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the access module's parts once, from {@code pathway.access.*}. */
@Factory
public class AccessFactory {

  private static final Logger LOG = LoggerFactory.getLogger(AccessFactory.class);

  @Singleton
  ClientRegistry clientRegistry(AccessConfig config) {
    return ClientRegistry.load(config.clientFiles());
  }

  @Singleton
  AccessTokens accessTokens(AccessConfig config, PublicUrl url) {
    return new AccessTokens(url.base(), signingKeys(config), config.tokenLifetime());
  }

  @Singleton
  TokenVerifier tokenVerifier(
      AccessTokens own, List<IssuerConfig> issuers, ClientRegistry clients) {
    return new TokenVerifier(
        own,
        issuers.stream()
            .map(i -> new TrustedIssuer(i.issuer(), i.jwksUri(), i.audience()))
            .toList(),
        clients);
  }

  private static JWKSet signingKeys(AccessConfig config) {
    Setting setting = Setting.of("pathway.access.signing-key", "ACCESS_SIGNING_KEY");
    if (!config.signingKey().isBlank()) {
      try {
        JWKSet keys = JWKSet.load(Path.of(config.signingKey().trim()).toFile());
        if (keys.getKeys().isEmpty() || !keys.getKeys().get(0).isPrivate()) {
          throw setting.invalid("must hold a private key first, not only public keys");
        }
        return keys;
      } catch (IOException | ParseException e) {
        throw setting.invalid("is not a readable JWK set: " + e.getMessage());
      }
    }
    // Tokens signed by a key made at start-up die with the process and are unknown to any other
    // replica: fine for one instance and for tests, wrong for a scaled deployment.
    LOG.warn(
        "No {} set: generated a signing key for this run only; tokens will not survive a restart"
            + " and other replicas will refuse them",
        setting);
    try {
      return new JWKSet(
          new RSAKeyGenerator(2048)
              .keyID("pathway-" + UUID.randomUUID())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS384)
              .generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate a signing key", e);
    }
  }
}
