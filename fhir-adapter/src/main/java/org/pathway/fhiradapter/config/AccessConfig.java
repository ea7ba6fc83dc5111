package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.pathway.servicesettings.Setting;

/**
 * Who may call the FHIR API ({@code pathway.access.*}); the trusted external issuers are {@link
 * IssuerConfig} entries under {@code pathway.access.issuers}.
 *
 * @param enabled whether every FHIR interaction needs a bearer token; off only for benchmark B11's
 *     reference (refused at start-up unless {@code pathway.bench.enabled})
 * @param clients the registered clients' YAML files, comma-separated
 * @param publicUrl the public base URL ({@code https://pathway.example.org}); empty for {@code
 *     http://localhost:<fhir port>}. The token endpoint is {@code <public-url>/oauth/token}
 * @param signingKey a JWK set file with Pathway's private signing key; empty generates one per
 *     start (one replica only)
 * @param tokenLifetime how long an access token lives
 * @param rateLimit requests per second a client may make, unless its registration says otherwise
 */
@ConfigurationProperties("pathway.access")
public record AccessConfig(
    boolean enabled,
    @Nullable String clients,
    @Nullable String publicUrl,
    @Nullable String signingKey,
    Duration tokenLifetime,
    int rateLimit) {

  public AccessConfig {
    clients = Setting.of("pathway.access.clients", "PATHWAY_CLIENTS").optional(clients);
    for (Path file : files(clients)) {
      Setting.of("pathway.access.clients", "PATHWAY_CLIENTS")
          .require(file, Files.isReadable(file), "must name readable YAML files");
    }
    publicUrl = Setting.of("pathway.access.public-url", "PUBLIC_URL").optional(publicUrl).trim();
    Setting.of("pathway.access.public-url", "PUBLIC_URL")
        .require(
            publicUrl,
            publicUrl.isEmpty() || publicUrl.matches("https?://[^\\s/]+(/[^\\s]*)?"),
            "must be an http(s) base URL such as https://pathway.example.org");
    if (publicUrl.endsWith("/")) {
      publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }
    signingKey =
        Setting.of("pathway.access.signing-key", "ACCESS_SIGNING_KEY").optional(signingKey);
    if (!signingKey.isBlank()) {
      Setting.of("pathway.access.signing-key", "ACCESS_SIGNING_KEY")
          .require(
              signingKey,
              Files.isReadable(Path.of(signingKey.trim())),
              "must name a readable JWK set file");
    }
    Setting.of("pathway.access.token-lifetime", "ACCESS_TOKEN_LIFETIME")
        .require(
            tokenLifetime,
            tokenLifetime != null
                && tokenLifetime.toSeconds() >= 30
                && tokenLifetime.compareTo(Duration.ofHours(1)) <= 0,
            "must be between 30s and 1h");
    Setting.of("pathway.access.rate-limit", "ACCESS_RATE_LIMIT").positive(rateLimit);
  }

  /** Stops start-up if access control is off outside a benchmark run. */
  public void requireEnabledUnless(boolean benchEnabled) {
    Setting.of("pathway.access.enabled", "ACCESS_CONTROL")
        .require(
            enabled,
            enabled || benchEnabled,
            "must be true unless pathway.bench.enabled (BENCH_ENABLED): off exists only as"
                + " benchmark B11's reference");
  }

  /** The clients files, in the order given. */
  public List<Path> clientFiles() {
    return files(clients);
  }

  private static List<Path> files(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .toList();
  }
}
