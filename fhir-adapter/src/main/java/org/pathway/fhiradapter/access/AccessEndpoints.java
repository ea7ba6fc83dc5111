package org.pathway.fhiradapter.access;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.Optional;
import org.pathway.access.endpoint.SmartConfiguration;
import org.pathway.access.endpoint.TokenExchange;
import org.pathway.access.links.LinkVerifier;
import org.pathway.access.tokens.TokenVerifier;

/**
 * What the FHIR server mounts when access control is on: the bearer check and rate limits for
 * {@code /fhir}, and the token endpoint, public keys and SMART discovery.
 *
 * @param verifier names the caller of a bearer token
 * @param rateLimits each client's token bucket
 * @param exchange the token endpoint's logic
 * @param publicKeys Pathway's public signing keys ({@code /oauth/jwks})
 * @param smart the SMART discovery document
 * @param links verifies the signed links the portal acts on; empty when no portal client is
 *     registered and no link keys are set
 */
public record AccessEndpoints(
    TokenVerifier verifier,
    ClientRateLimits rateLimits,
    TokenExchange exchange,
    JWKSet publicKeys,
    SmartConfiguration smart,
    Optional<LinkVerifier> links) {}
