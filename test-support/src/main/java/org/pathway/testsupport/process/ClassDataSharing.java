package org.pathway.testsupport.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Application class-data sharing for the JVMs {@link ServiceJvm} starts from a module's build: the
 * classes a service loaded on one run (parsed, verified and laid out by the JVM) are mapped from an
 * archive on the next, which is most of what a service's start costs beyond its own work.
 *
 * <p>On Java 17 the archive is dynamic: a JVM started with {@code -XX:ArchiveClassesAtExit} writes
 * the classes it loaded when it exits cleanly, and later JVMs map it with {@code
 * -XX:SharedArchiveFile}. The JVM refuses to archive from a class directory, so a module is run
 * from its packaged jar, and only while that jar is at least as new as every file of {@code
 * target/classes} (never stale code). The archive's name carries a digest of the JVM and of every
 * classpath entry's path, size and time, so a rebuild or another JVM simply finds no archive and
 * makes a new one; it is written under a name of its own and moved into place only after a clean
 * exit, so a killed or concurrent run never leaves a partial archive where another JVM would map
 * it.
 */
final class ClassDataSharing {

  /**
   * Set to {@code true} in the launching process's environment (or the system property {@link
   * #PROPERTY}) to start JVMs with it. Off by default: a first run's clean exit spends seconds
   * writing its archive (tens of MB), which every stop of a fresh build (dev mode, each test JVM)
   * would pay; the start-up benchmark turns it on.
   */
  static final String SWITCH = "PATHWAY_CDS";

  /** The system property that turns it on in this (launching) JVM, over the environment. */
  static final String PROPERTY = "pathway.cds";

  private ClassDataSharing() {}

  /** What one launch adds to its command line, and where its archive goes once it has ended. */
  record Plan(String classpath, List<String> flags, Path pending, Path archive) {

    /** No archive: the launch as it would be without class-data sharing. */
    static Plan none(String classpath) {
      return new Plan(classpath, List.of(), null, null);
    }

    /** Whether this launch maps an archive an earlier run wrote. */
    boolean maps() {
      return pending == null && archive != null;
    }

    /**
     * After the JVM ended: keeps the archive it wrote on a clean exit, drops anything a killed JVM
     * may have left half written.
     */
    void settle(boolean exitedCleanly) {
      if (pending == null) {
        return;
      }
      try {
        if (exitedCleanly && Files.isRegularFile(pending) && Files.size(pending) > 0) {
          Files.move(
              pending,
              archive,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.deleteIfExists(pending);
        }
      } catch (IOException e) {
        // An archive is an optimisation: without it the next start is only slower.
        try {
          Files.deleteIfExists(pending);
        } catch (IOException ignored) {
          // nothing more to do; target/ is cleaned by the next build
        }
      }
    }
  }

  /** Whether the launching process asked for JVMs with class-data sharing. */
  static boolean enabledByEnvironment() {
    return "true".equalsIgnoreCase(System.getProperty(PROPERTY, System.getenv(SWITCH)));
  }

  /**
   * The plan for {@code mainClass} run from {@code moduleDir}'s build: its jar and dependencies,
   * mapping the archive of that exact program if one exists, or writing it on this run's clean
   * exit; no archive when the module has no jar as new as its classes.
   */
  static Plan plan(String mainClass, Path moduleDir, String classesClasspath) {
    Path target = moduleDir.toAbsolutePath().resolve("target");
    Optional<Path> jar = freshJar(target);
    if (jar.isEmpty()) {
      return Plan.none(classesClasspath);
    }
    String classes = target.resolve("classes").toString();
    if (!classesClasspath.startsWith(classes)) {
      return Plan.none(classesClasspath);
    }
    // Only real entries: an empty one would mean the working directory, which the JVM refuses.
    String classpath =
        Stream.concat(
                Stream.of(jar.get().toString()),
                Stream.of(classesClasspath.substring(classes.length()).split(File.pathSeparator)))
            .filter(e -> !e.isBlank())
            .collect(Collectors.joining(File.pathSeparator));
    Path dir = target.resolve("cds");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    String name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    Path archive = dir.resolve(name + "-" + digest(mainClass, classpath) + ".jsa");
    if (Files.isRegularFile(archive)) {
      return new Plan(classpath, List.of("-XX:SharedArchiveFile=" + archive), null, archive);
    }
    Path pending = dir.resolve(name + "-" + UUID.randomUUID() + ".jsa.part");
    return new Plan(classpath, List.of("-XX:ArchiveClassesAtExit=" + pending), pending, archive);
  }

  /** The module's packaged jar, if no file under {@code target/classes} is newer than it. */
  static Optional<Path> freshJar(Path target) {
    Optional<Path> jar;
    try (Stream<Path> files = Files.list(target)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().endsWith(".jar"))
              .filter(p -> !p.getFileName().toString().matches(".*-(tests|sources|javadoc)\\.jar"))
              .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (jar.isEmpty()) {
      return jar;
    }
    try (Stream<Path> classes = Files.walk(target.resolve("classes"))) {
      long jarTime = Files.getLastModifiedTime(jar.get()).toMillis();
      boolean stale = classes.filter(Files::isRegularFile).anyMatch(p -> lastModified(p) > jarTime);
      return stale ? Optional.empty() : jar;
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The JVM, the main class and every classpath entry (path, size, time): an archive fits exactly
   * these.
   */
  static String digest(String mainClass, String classpath) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String jvm =
          System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|";
      sha.update((jvm + mainClass).getBytes(StandardCharsets.UTF_8));
      for (String entry : classpath.split(File.pathSeparator)) {
        Path p = Path.of(entry);
        String stamp;
        try {
          stamp = entry + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
          stamp = entry + "|missing";
        }
        sha.update(stamp.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
