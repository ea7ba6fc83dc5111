package org.pathway.deploy.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.pathway.access.tokens.SigningKeys;

/**
 * Dev mode's signing key for Pathway's own access tokens ({@code ACCESS_SIGNING_KEY}): made once
 * and kept in the data directory, so tokens issued before a restart still verify after it (the
 * adapter would otherwise generate a new key per start).
 */
public final class DevSigningKey {

  private DevSigningKey() {}

  /** The key set file in {@code dir}, created with a fresh RSA key if it is not there yet. */
  public static Path keptIn(Path dir) {
    Path file = dir.resolve("signing-key.jwks.json");
    try {
      if (Files.isRegularFile(file)) {
        SigningKeys.read(file); // a damaged file stops dev mode here, not in the adapter
        return file;
      }
      Files.createDirectories(dir);
      Path partial = dir.resolve("signing-key.jwks.json.new");
      Files.writeString(partial, SigningKeys.generate().toString(false));
      ownerOnly(partial);
      Files.move(partial, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("dev signing key in " + dir, e);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the data directory's own permissions have to do.
    }
  }
}
