package org.pathway.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's scratch data (dev mode's database, broker logs, mail), removed when the run ends:
 * each B5 or B6 run leaves about 700 MB otherwise.
 */
final class ScratchData {

  private ScratchData() {}

  /** Deletes {@code root} and everything below it; nothing when it is already gone. */
  static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
