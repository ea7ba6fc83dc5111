package org.pathway.managementguard.wiring;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.managementguard.config.IssuerConfig;
import org.pathway.managementguard.config.ManagementConfig;

/**
 * The token verifier of a service that issues no tokens (router, notifier): it trusts the issuers
 * of {@code pathway.management.issuers} and knows the clients of {@code PATHWAY_CLIENTS}. A service
 * with a verifier of its own (the fhir-adapter) keeps it, so the FHIR API and the management port
 * accept the same tokens.
 */
@Factory
final class ManagementTokenVerifierFactory {

  @Singleton
  @Requires(missingBeans = TokenVerifier.class)
  TokenVerifier managementTokenVerifier(ManagementConfig config, List<IssuerConfig> issuers) {
    return new TokenVerifier(
        null,
        issuers.stream().map(IssuerConfig::trusted).toList(),
        ClientRegistry.load(config.clientFiles()));
  }
}
