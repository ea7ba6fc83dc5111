package org.pathway.fhiradapter.access;

import jakarta.inject.Singleton;
import org.pathway.fhiradapter.config.AccessConfig;
import org.pathway.fhiradapter.http.FhirListener;

/**
 * Pathway's public base URL as clients see it: {@code pathway.access.public-url}, or {@code
 * http://localhost:<fhir port>}. It is the issuer of Pathway's tokens, and {@code
 * <base>/oauth/token} is the only {@code aud} a client assertion may carry.
 */
@Singleton
public class PublicUrl {

  private final String base;

  public PublicUrl(AccessConfig config, FhirListener listener) {
    this.base =
        config.publicUrl().isEmpty() ? "http://localhost:" + listener.port() : config.publicUrl();
  }

  /** The base, without a trailing slash. */
  public String base() {
    return base;
  }

  /** The token endpoint, exactly as an assertion's {@code aud} must name it. */
  public String tokenEndpoint() {
    return base + "/oauth/token";
  }

  /** The FHIR base, {@code <base>/fhir}. */
  public String fhirBase() {
    return base + "/fhir";
  }
}
