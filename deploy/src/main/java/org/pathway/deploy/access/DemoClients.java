package org.pathway.deploy.access;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The demo clients dev mode registers ({@code deploy/demo/clients.yaml}) and their dev-only private
 * keys ({@code deploy/demo/keys/<client-id>.jwk.json}), which are public in the repository and good
 * for nothing but a local dev mode.
 */
public final class DemoClients {

  /** The demo practice: the demo referral's requester. */
  public static final String PRACTICE = "practice-a81001";

  /** The link-worker service the triage rules send the demo referral to. */
  public static final String LINK_WORKER = "lw-east";

  /** The hub, which may reassign. */
  public static final String HUB = "hub-city";

  /** Whoever runs Pathway: audit, health details, metrics. */
  public static final String OPERATOR = "operator";

  private DemoClients() {}

  /** The demo clients file. */
  public static Path file(Path repo) {
    return repo.resolve("deploy/demo/clients.yaml");
  }

  /** Where the demo keys are. */
  public static Path keyDirectory(Path repo) {
    return repo.resolve("deploy/demo/keys");
  }

  /** The dev-only private key of demo client {@code clientId}. */
  public static JWK privateKey(Path repo, String clientId) {
    Path file = keyDirectory(repo).resolve(clientId + ".jwk.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no demo client '" + clientId + "': no key " + file + " (see " + file(repo) + ")");
    }
    try {
      JWK key = JWK.parse(Files.readString(file));
      if (!key.isPrivate()) {
        throw new IllegalArgumentException(
            file + " holds a public key; a client signs with a private one");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalArgumentException(file + " is not a JWK: " + e.getMessage(), e);
    }
  }
}
