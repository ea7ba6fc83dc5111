package org.pathway.deploy.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A dev-mode secret made once and kept in the data directory, readable by its owner only, so what
 * it signed or keyed before a restart (links in saved mail, an export's pseudonyms) still holds
 * after it.
 */
final class KeptSecret {

  private KeptSecret() {}

  /**
   * The secret in {@code dir/name}, made by {@code make} if it is not there yet; {@code check}
   * throws on a damaged file, so dev mode stops here rather than in a service.
   */
  static String keptIn(Path dir, String name, Supplier<String> make, Consumer<String> check) {
    Path file = dir.resolve(name);
    try {
      if (Files.isRegularFile(file)) {
        String setting = Files.readString(file).trim();
        check.accept(setting);
        return setting;
      }
      Files.createDirectories(dir);
      Path partial = dir.resolve(name + ".new");
      String setting = make.get();
      Files.writeString(partial, setting);
      ownerOnly(partial);
      Files.move(partial, file);
      return setting;
    } catch (IOException e) {
      throw new UncheckedIOException("dev " + name + " in " + dir, e);
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
