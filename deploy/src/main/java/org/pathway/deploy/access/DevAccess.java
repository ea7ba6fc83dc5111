package org.pathway.deploy.access;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What dev mode gives the services for access control: the demo clients registered beside the
 * user's own ({@code PATHWAY_CLIENTS}), Pathway's public URL on this machine, and the signing key
 * kept in the data directory; every port bound to 127.0.0.1, so a dev mode with demo keys anyone
 * can read is reachable from this machine only.
 *
 * @param publicUrl Pathway's public base URL, {@code http://localhost:<fhir port>}
 * @param clientFiles the demo clients file first, then the user's own
 * @param signingKey the JWK set file that signs Pathway's access tokens
 */
public record DevAccess(String publicUrl, List<Path> clientFiles, Path signingKey) {

  /** Dev mode binds every port to this address. */
  public static final String LOOPBACK = "127.0.0.1";

  public DevAccess {
    clientFiles = List.copyOf(clientFiles);
  }

  /**
   * Dev mode's access for a FHIR server on {@code fhirPort}: the repository's demo clients, then
   * {@code userClientFiles}, and the signing key kept in {@code dataDir/access}.
   */
  public static DevAccess prepare(
      Path repo, Path dataDir, int fhirPort, List<Path> userClientFiles) {
    List<Path> files = new ArrayList<>();
    files.add(DemoClients.file(repo));
    files.addAll(userClientFiles);
    return new DevAccess(
        "http://localhost:" + fhirPort, files, DevSigningKey.keptIn(dataDir.resolve("access")));
  }

  /** The token endpoint, the only {@code aud} a client assertion may carry. */
  public String tokenUrl() {
    return publicUrl + "/oauth/token";
  }

  /** The SMART discovery document. */
  public String discoveryUrl() {
    return publicUrl + "/fhir/.well-known/smart-configuration";
  }

  /** Where Pathway publishes the public half of its signing key. */
  public String jwksUrl() {
    return publicUrl + "/oauth/jwks";
  }

  /** {@code PATHWAY_CLIENTS}: every clients file, comma-separated. */
  public String clientsVariable() {
    return clientFiles.stream().map(Path::toString).collect(Collectors.joining(","));
  }

  /** The fhir-adapter's access settings: it issues and verifies the tokens. */
  public Map<String, String> adapterEnvironment() {
    return Map.of(
        "PATHWAY_CLIENTS", clientsVariable(),
        "PUBLIC_URL", publicUrl,
        "ACCESS_SIGNING_KEY", signingKey.toString(),
        "FHIR_HOST", LOOPBACK,
        "MANAGEMENT_HOST", LOOPBACK);
  }

  /**
   * The router's and notifier's: their management ports take an operator's token, issued by the
   * adapter (issuer the public URL, keys at its JWKS URL) to a client of the same files.
   */
  public Map<String, String> managementEnvironment() {
    return Map.of(
        "PATHWAY_CLIENTS",
        clientsVariable(),
        "PUBLIC_URL",
        publicUrl,
        "MANAGEMENT_JWKS_URI",
        jwksUrl(),
        "MANAGEMENT_HOST",
        LOOPBACK);
  }
}
