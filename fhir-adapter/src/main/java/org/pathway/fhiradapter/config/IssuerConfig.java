package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import org.pathway.servicesettings.Setting;

/**
 * One trusted external issuer ({@code pathway.access.issuers[n]}): an OIDC server whose bearer
 * tokens the adapter accepts beside its own, e.g. Keycloak or the NHS API platform.
 *
 * @param issuer the exact {@code iss} its tokens carry
 * @param jwksUri where its signing keys are published
 * @param audience the {@code aud} its tokens must carry; empty when not checked
 */
@EachProperty(value = "pathway.access.issuers", list = true)
public record IssuerConfig(String issuer, URI jwksUri, @Nullable String audience) {

  public IssuerConfig {
    Setting.of("pathway.access.issuers[].issuer", "no environment variable").notBlank(issuer);
    Setting.of("pathway.access.issuers[].jwks-uri", "no environment variable")
        .require(
            jwksUri,
            jwksUri != null
                && ("https".equals(jwksUri.getScheme()) || "http".equals(jwksUri.getScheme())),
            "must be an http(s) URL");
    audience = audience == null || audience.isBlank() ? null : audience;
  }
}
