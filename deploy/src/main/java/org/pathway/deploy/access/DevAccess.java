package org.pathway.deploy.access;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What dev mode gives the services for access control: the demo clients registered beside the
 * user's own ({@code PATHWAY_CLIENTS}), Pathway's public URL on this machine, and the signing key,
 * link keys and export secret kept in the data directory; every port bound to 127.0.0.1, so a dev
 * mode with demo keys anyone can read is reachable from this machine only.
 *
 * @param publicUrl Pathway's public base URL, {@code http://localhost:<fhir port>}
 * @param clientFiles the demo clients file first, then the user's own
 * @param signingKey the JWK set file that signs Pathway's access tokens
 * @param linkKeys the signed links' keys ({@code PATHWAY_LINK_KEYS}: the router signs, the adapter
 *     verifies), kept in the data directory
 * @param portalUrl the portal's base URL, {@code http://localhost:<portal port>}: links point there
 * @param portalKey the portal client's dev-only private key ({@code
 *     deploy/demo/keys/portal.jwk.json})
 * @param exportSecret the key of the evaluation export's pseudonyms ({@code
 *     EXPORT_PSEUDONYM_SECRET}, given to reporting), kept in the data directory
 */
public record DevAccess(
    String publicUrl,
    List<Path> clientFiles,
    Path signingKey,
    String linkKeys,
    String portalUrl,
    Path portalKey,
    String exportSecret) {

  /** The portal's client id in the demo clients file. */
  public static final String PORTAL_CLIENT = "portal";

  /** The portal's port when none is chosen: the contract's default {@code PORTAL_URL}. */
  public static final int DEFAULT_PORTAL_PORT = 8088;

  /** Dev mode binds every port to this address. */
  public static final String LOOPBACK = "127.0.0.1";

  public DevAccess {
    clientFiles = List.copyOf(clientFiles);
  }

  /** As {@link #prepare(Path, Path, int, int, List)}, with the portal on its default port. */
  public static DevAccess prepare(
      Path repo, Path dataDir, int fhirPort, List<Path> userClientFiles) {
    return prepare(repo, dataDir, fhirPort, DEFAULT_PORTAL_PORT, userClientFiles);
  }

  /**
   * Dev mode's access for a FHIR server on {@code fhirPort} and the portal on {@code portalPort}:
   * the repository's demo clients, then {@code userClientFiles}, and the token signing key and link
   * keys kept in {@code dataDir/access}.
   */
  public static DevAccess prepare(
      Path repo, Path dataDir, int fhirPort, int portalPort, List<Path> userClientFiles) {
    List<Path> files = new ArrayList<>();
    files.add(DemoClients.file(repo));
    files.addAll(userClientFiles);
    Path keys = dataDir.resolve("access");
    return new DevAccess(
        "http://localhost:" + fhirPort,
        files,
        DevSigningKey.keptIn(keys),
        DevLinkKeys.keptIn(keys),
        "http://localhost:" + portalPort,
        DemoClients.keyDirectory(repo).resolve(PORTAL_CLIENT + ".jwk.json"),
        DevExportSecret.keptIn(keys));
  }

  /** The link for {@code token}, as the router writes it into mail: the contract's shape. */
  public String linkUrl(String token) {
    return portalUrl + "/l/" + token;
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

  /** The fhir-adapter's access settings: it issues and verifies the tokens, and verifies links. */
  public Map<String, String> adapterEnvironment() {
    return Map.of(
        "PATHWAY_CLIENTS", clientsVariable(),
        "PUBLIC_URL", publicUrl,
        "ACCESS_SIGNING_KEY", signingKey.toString(),
        "PATHWAY_LINK_KEYS", linkKeys,
        "FHIR_HOST", LOOPBACK,
        "MANAGEMENT_HOST", LOOPBACK);
  }

  /** The router's: its management port's, and the keys and portal URL it makes links with. */
  public Map<String, String> routerEnvironment() {
    Map<String, String> env = new HashMap<>(managementEnvironment());
    env.put("PATHWAY_LINK_KEYS", linkKeys);
    env.put("PORTAL_URL", portalUrl);
    return Map.copyOf(env);
  }

  /**
   * The portal's: the FHIR base it answers through, and its own client identity (id and private
   * key, for a token from the adapter's token endpoint). It holds no link keys: the adapter checks.
   */
  public Map<String, String> portalEnvironment(String fhirBase) {
    Map<String, String> env = new HashMap<>(managementEnvironment());
    env.put("FHIR_BASE_URL", fhirBase);
    env.put("PORTAL_CLIENT_ID", PORTAL_CLIENT);
    env.put("PORTAL_SIGNING_KEY", portalKey.toString());
    return Map.copyOf(env);
  }

  /** Reporting's: its management port's, and the key of the export's pseudonyms. */
  public Map<String, String> reportingEnvironment() {
    Map<String, String> env = new HashMap<>(managementEnvironment());
    env.put("EXPORT_PSEUDONYM_SECRET", exportSecret);
    return Map.copyOf(env);
  }

  /** Never prints the link keys or the export secret. */
  @Override
  public String toString() {
    return "DevAccess[" + publicUrl + ", portal " + portalUrl + ", clients " + clientFiles + "]";
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
