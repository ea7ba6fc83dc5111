package org.pathway.fhiradapter.access;

import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.pathway.access.assertion.ClientAssertionCheck;
import org.pathway.access.assertion.JdbcJtiStore;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.clients.Role;
import org.pathway.access.endpoint.SmartConfiguration;
import org.pathway.access.endpoint.TokenExchange;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.LinkVerifier;
import org.pathway.access.tokens.AccessTokens;
import org.pathway.access.tokens.SigningKeys;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.access.tokens.TokenVerifier.TrustedIssuer;
import org.pathway.fhiradapter.authz.StatusLinks;
import org.pathway.fhiradapter.config.AccessConfig;
import org.pathway.fhiradapter.config.IssuerConfig;
import org.pathway.fhiradapter.config.LinksConfig;
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

  @Singleton
  ClientRateLimits clientRateLimits(AccessConfig config, ClientRegistry clients) {
    return new ClientRateLimits(
        clientId ->
            clients
                .find(clientId)
                .map(RegisteredClient::rateLimit)
                .filter(limit -> limit != null && limit > 0)
                .orElse(config.rateLimit()),
        System::nanoTime);
  }

  /** The assertion replay log, in the ledger database (its table is migration V4). */
  @Singleton
  JdbcJtiStore jtiStore(DataSource dataSource) {
    return new JdbcJtiStore(dataSource);
  }

  @Singleton
  TokenExchange tokenExchange(
      ClientRegistry clients, JdbcJtiStore jtis, AccessTokens tokens, PublicUrl url) {
    return new TokenExchange(new ClientAssertionCheck(clients, jtis, url.tokenEndpoint()), tokens);
  }

  @Singleton
  AccessEndpoints accessEndpoints(
      TokenVerifier verifier,
      ClientRateLimits rateLimits,
      TokenExchange exchange,
      AccessTokens tokens,
      ClientRegistry clients,
      PublicUrl url,
      LinksConfig links) {
    return new AccessEndpoints(
        verifier,
        rateLimits,
        exchange,
        tokens.publicKeys(),
        SmartConfiguration.at(url.base(), clients),
        linkVerifier(clients, links));
  }

  /**
   * Status links for people who refer themselves, signed with the links' keys when there are any.
   */
  @Singleton
  StatusLinks statusLinks(ClientRegistry clients, LinksConfig links) {
    boolean portal = clients.all().stream().anyMatch(c -> c.role() == Role.PORTAL);
    if (!portal && links.keys().isEmpty()) {
      return new StatusLinks(Optional.empty(), Clock.systemUTC());
    }
    return new StatusLinks(Optional.of(new LinkSigner(links.requireKeys())), Clock.systemUTC());
  }

  /**
   * The link verifier: required (start-up stops naming {@code pathway.links.keys}) once a portal
   * client is registered, for every call it makes carries a link; built whenever keys are given.
   */
  static Optional<LinkVerifier> linkVerifier(ClientRegistry clients, LinksConfig links) {
    boolean portal = clients.all().stream().anyMatch(c -> c.role() == Role.PORTAL);
    if (!portal && links.keys().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LinkVerifier(links.requireKeys(), Clock.systemUTC()));
  }

  private static JWKSet signingKeys(AccessConfig config) {
    Setting setting = Setting.of("pathway.access.signing-key", "ACCESS_SIGNING_KEY");
    if (!config.signingKey().isBlank()) {
      try {
        return SigningKeys.read(Path.of(config.signingKey().trim()));
      } catch (IllegalArgumentException e) {
        throw setting.invalid("is not usable: " + e.getMessage());
      }
    }
    // Tokens signed by a key made at start-up die with the process and are unknown to any other
    // replica: fine for one instance and for tests, wrong for a scaled deployment.
    LOG.warn(
        "No {} set: generated a signing key for this run only; tokens will not survive a restart"
            + " and other replicas will refuse them",
        setting);
    return SigningKeys.generate();
  }
}
