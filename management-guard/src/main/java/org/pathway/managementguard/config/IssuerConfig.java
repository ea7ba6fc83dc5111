package org.pathway.managementguard.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import org.pathway.access.tokens.TokenVerifier.TrustedIssuer;
import org.pathway.servicesettings.Setting;

/**
 * One issuer whose tokens the management port accepts ({@code pathway.management.issuers[n]}); in
 * dev mode and Kubernetes Pathway's own: issuer {@code PUBLIC_URL}, keys at the adapter's {@code
 * /oauth/jwks}.
 *
 * @param issuer the exact {@code iss} of its tokens
 * @param jwksUri where its public keys are published
 * @param audience the {@code aud} its tokens must carry, or null when not checked
 */
@EachProperty(value = "pathway.management.issuers", list = true)
public record IssuerConfig(String issuer, URI jwksUri, @Nullable String audience) {

  public IssuerConfig {
    Setting.of("pathway.management.issuers[].issuer", "PUBLIC_URL").notBlank(issuer);
    Setting.of("pathway.management.issuers[].jwks-uri", "MANAGEMENT_JWKS_URI")
        .require(
            jwksUri,
            jwksUri != null
                && jwksUri.isAbsolute()
                && ("https".equals(jwksUri.getScheme()) || "http".equals(jwksUri.getScheme())),
            "must be an http(s) URL");
    audience = audience == null || audience.isBlank() ? null : audience;
  }

  /** As the access module names a trusted issuer. */
  public TrustedIssuer trusted() {
    return new TrustedIssuer(issuer, jwksUri, audience);
  }
}
