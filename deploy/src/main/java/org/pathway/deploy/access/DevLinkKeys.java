package org.pathway.deploy.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.pathway.access.links.LinkKeys;

/**
 * Dev mode's key for signed links ({@code PATHWAY_LINK_KEYS}, given to the router, which signs, and
 * the adapter, which verifies): made once and kept in the data directory, so the links in mail
 * saved before a restart still open after it.
 */
public final class DevLinkKeys {

  /** The key id of the dev link key: a rotated key gets a new id in front of it. */
  static final String KEY_ID = "dev-1";

  private DevLinkKeys() {}

  /** The {@code kid:secret} setting kept in {@code dir}, created if it is not there yet. */
  public static String keptIn(Path dir) {
    Path file = dir.resolve("link-keys");
    try {
      if (Files.isRegularFile(file)) {
        String setting = Files.readString(file).trim();
        LinkKeys.parse(setting); // a damaged file stops dev mode here, not in a service
        return setting;
      }
      Files.createDirectories(dir);
      Path partial = dir.resolve("link-keys.new");
      String setting = LinkKeys.generate(KEY_ID);
      Files.writeString(partial, setting);
      ownerOnly(partial);
      Files.move(partial, file);
      return setting;
    } catch (IOException e) {
      throw new UncheckedIOException("dev link keys in " + dir, e);
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
