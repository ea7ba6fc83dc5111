package org.pathway.deploy.access;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Dev mode's key for the evaluation export's pseudonyms ({@code EXPORT_PSEUDONYM_SECRET}, given to
 * reporting): made once and kept in the data directory, so a study's pseudonyms stay the same
 * across restarts, as an evaluator comparing two exports would expect.
 */
public final class DevExportSecret {

  /** Reporting refuses a shorter secret. */
  static final int MIN_LENGTH = 32;

  private DevExportSecret() {}

  /** The secret kept in {@code dir}, created if it is not there yet. */
  public static String keptIn(Path dir) {
    return KeptSecret.keptIn(
        dir, "export-secret", DevExportSecret::generate, DevExportSecret::check);
  }

  private static String generate() {
    byte[] key = new byte[48];
    new SecureRandom().nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  private static void check(String secret) {
    if (secret.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "the dev export secret is shorter than " + MIN_LENGTH + " characters");
    }
  }
}
