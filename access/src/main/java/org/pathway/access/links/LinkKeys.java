package org.pathway.access.links;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets links are signed with, by key id. The first signs; every one verifies, so a key is
 * rotated by putting a new one first and dropping the old one once its links have expired.
 *
 * <p>Written in configuration as {@code kid:secret[,kid:secret...]}, each secret base64url of at
 * least 32 bytes (HS256 needs 256 bits).
 */
public final class LinkKeys {

  private static final int MIN_BYTES = 32;

  private final String signingKeyId;
  private final Map<String, byte[]> secrets;

  private LinkKeys(String signingKeyId, Map<String, byte[]> secrets) {
    this.signingKeyId = signingKeyId;
    this.secrets = secrets;
  }

  /**
   * Parses {@code kid:secret[,kid:secret...]}.
   *
   * @throws IllegalArgumentException naming the entry that is wrong, never echoing a secret
   */
  public static LinkKeys parse(String setting) {
    if (setting == null || setting.isBlank()) {
      throw new IllegalArgumentException(
          "no link signing keys: give kid:secret (base64url, at least " + MIN_BYTES + " bytes)");
    }
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    String first = null;
    for (String entry : setting.split(",")) {
      String trimmed = entry.trim();
      int colon = trimmed.indexOf(':');
      if (colon <= 0 || colon == trimmed.length() - 1) {
        throw new IllegalArgumentException(
            "link key entry " + (secrets.size() + 1) + " is not kid:secret");
      }
      String kid = trimmed.substring(0, colon);
      byte[] secret;
      try {
        secret = Base64.getUrlDecoder().decode(trimmed.substring(colon + 1).replaceAll("=+$", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("link key '" + kid + "' is not base64url");
      }
      if (secret.length < MIN_BYTES) {
        throw new IllegalArgumentException(
            "link key '" + kid + "' has " + secret.length + " bytes; at least " + MIN_BYTES);
      }
      if (secrets.putIfAbsent(kid, secret) != null) {
        throw new IllegalArgumentException("link key id '" + kid + "' is given twice");
      }
      if (first == null) {
        first = kid;
      }
    }
    return new LinkKeys(first, Map.copyOf(secrets));
  }

  /** A fresh random key in the form {@link #parse} reads, for dev mode and tests. */
  public static String generate(String kid) {
    byte[] secret = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(secret);
    return kid + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The id of the key new links are signed with. */
  public String signingKeyId() {
    return signingKeyId;
  }

  byte[] signingSecret() {
    return secrets.get(signingKeyId).clone();
  }

  Optional<byte[]> secret(String kid) {
    return Optional.ofNullable(secrets.get(kid)).map(byte[]::clone);
  }
}
