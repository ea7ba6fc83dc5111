package org.pathway.portal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * How the portal reaches the adapter and who it is there ({@code pathway.portal.*}).
 *
 * @param fhirBase the adapter's FHIR base, e.g. {@code http://localhost:8080/fhir} ({@code
 *     FHIR_BASE_URL})
 * @param clientId the portal's registered client id ({@code PORTAL_CLIENT_ID}, default {@code
 *     portal})
 * @param signingKey the file holding the portal's private JWK, which signs its client assertions
 *     ({@code PORTAL_SIGNING_KEY})
 * @param tokenUrl the token endpoint; empty to discover it from the FHIR base's SMART configuration
 *     ({@code PORTAL_TOKEN_URL})
 * @param scope the scopes asked for, space-separated ({@code PORTAL_SCOPE})
 * @param timeout connect and response timeout of one call to the adapter ({@code
 *     PORTAL_FHIR_TIMEOUT})
 */
@ConfigurationProperties("pathway.portal")
public record PortalConfig(
    String fhirBase,
    String clientId,
    String signingKey,
    String tokenUrl,
    String scope,
    Duration timeout) {

  public PortalConfig {
    Setting base = Setting.of("pathway.portal.fhir-base", "FHIR_BASE_URL");
    base.notBlank(fhirBase);
    base.require(fhirBase, isHttp(fhirBase), "be an http or https URL");
    fhirBase = fhirBase.endsWith("/") ? fhirBase.substring(0, fhirBase.length() - 1) : fhirBase;
    Setting.of("pathway.portal.client-id", "PORTAL_CLIENT_ID").notBlank(clientId);
    Setting.of("pathway.portal.signing-key", "PORTAL_SIGNING_KEY").notBlank(signingKey);
    tokenUrl = Setting.of("pathway.portal.token-url", "PORTAL_TOKEN_URL").optional(tokenUrl);
    Setting.of("pathway.portal.scope", "PORTAL_SCOPE").notBlank(scope);
    Setting.of("pathway.portal.timeout", "PORTAL_FHIR_TIMEOUT").positive(timeout);
  }

  private static boolean isHttp(String url) {
    try {
      String scheme = URI.create(url).getScheme();
      return "http".equals(scheme) || "https".equals(scheme);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
