package org.pathway.testsupport.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class in a JVM of its own, as a service runs in production: one Micronaut context never
 * sees another service's beans, and a crash test can kill it with SIGKILL. Dev mode, the benchmarks
 * and every process-level test (kill -9) start services through this one class, so they all get the
 * same flags, the same log handling and the same readiness check.
 */
public final class ServiceJvm implements AutoCloseable {

  /**
   * Set to {@code true} in a launching JVM to give the JVMs it starts from a module's build class
   * data sharing (as {@code PATHWAY_CDS=true} in its environment does); see the README.
   */
  public static final String CLASS_DATA_SHARING_PROPERTY = ClassDataSharing.PROPERTY;

  /**
   * The JVM options every process started here gets, services and benchmark reference alike, so a
   * comparison between them is between the programs, not their flags. The heap is bounded because
   * the JVM's own default on a large machine (a quarter of RAM, starting at 1/64) sizes the heap
   * for the box, not the service: three services and a broker share a developer's laptop, as pods
   * share a node in production (where the image sets {@code MaxRAMPercentage} against the container
   * limit instead).
   */
  public static final List<String> JVM_FLAGS =
      List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms32m", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError");

  /**
   * System property of extra JVM options for every process started here, after {@link #JVM_FLAGS}
   * (space-separated). The build sets it for its integration tests, whose services live for
   * seconds: there the JIT's optimising tier compiles code that never runs long enough to repay it,
   * on the same two cores the test is waiting for. Benchmarks and dev mode leave it unset.
   */
  public static final String EXTRA_FLAGS_PROPERTY = "pathway.service-jvm.extra-flags";

  private final String name;
  private final Process process;
  private final Path log;
  private final ClassDataSharing.Plan sharing;

  private ServiceJvm(String name, Process process, Path log, ClassDataSharing.Plan sharing) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.sharing = sharing;
  }

  /** A launch of {@code mainClass}; say where its classes come from before {@code start()}. */
  public static Builder of(String mainClass) {
    return new Builder(mainClass);
  }

  /**
   * Starts {@code mainClass} from the build output of {@code <repo>/<module>}, with {@code env}
   * added to this process's environment and its output in {@code logDir/<name>.log}, where the name
   * is the module's last path segment ({@code deploy/hello-reference} is {@code hello-reference}).
   */
  public static ServiceJvm start(
      Path repo, String module, String mainClass, Map<String, String> env, Path logDir) {
    String name = Path.of(module).getFileName().toString();
    return of(mainClass)
        .classpathOf(repo.resolve(module))
        .name(name)
        .env(env)
        .log(logDir.resolve(name + ".log"))
        .start();
  }

  /**
   * The runtime classpath of a module's build: {@code target/classes} then the jars listed in
   * {@code target/runtime-classpath.txt}, which maven-dependency-plugin writes in prepare-package.
   */
  public static String classpathOf(Path moduleDir) {
    Path target = moduleDir.toAbsolutePath().resolve("target");
    Path listed = target.resolve("runtime-classpath.txt");
    if (!Files.exists(listed)) {
      throw new IllegalStateException(
          listed
              + " is missing: it is written in prepare-package, so build first"
              + " (./mvnw -q -DskipTests package) or run the test through `verify`");
    }
    try {
      return target.resolve("classes") + File.pathSeparator + Files.readString(listed).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + listed, e);
    }
  }

  /** Waits until {@code url} answers 200, or fails naming the log to read. */
  public void awaitReady(String url, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + name, e);
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        name + " not ready at " + url + " after " + timeout + "; see " + log);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The operating-system process id, e.g. to read {@code /proc/<pid>/status}. */
  public long pid() {
    return process.pid();
  }

  /** The exit status once ended: 137 after {@link #kill()} (128 + SIGKILL). */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * The abrupt end a crash test needs: SIGKILL, no shutdown hooks, open transactions left behind.
   * Returns once the process is gone (or fails if it is not within 30 seconds).
   */
  public void kill() {
    process.destroyForcibly();
    if (!waitFor(Duration.ofSeconds(30))) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
    }
    sharing.settle(false);
  }

  /** A graceful stop (SIGTERM), then SIGKILL if it has not ended within 20 seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(20));
  }

  /**
   * A graceful stop (SIGTERM), then SIGKILL if it has not ended within {@code grace}. A JVM writing
   * its class-data archive on exit (its first run from this build) may need a few seconds more.
   */
  public void close(Duration grace) {
    process.destroy();
    if (waitFor(grace)) {
      sharing.settle(true);
    } else {
      kill();
    }
  }

  /** Whether this JVM maps a class-data archive written by an earlier run (see README). */
  public boolean mapsClassArchive() {
    return sharing.maps();
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What to start and how; {@link #start()} launches it. */
  public static final class Builder {
    private final String mainClass;
    private String classpath;
    private Path moduleDir;
    private boolean classDataSharing = ClassDataSharing.enabledByEnvironment();
    private String name;
    private Path log;
    private List<String> jvmFlags = JVM_FLAGS;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();

    private Builder(String mainClass) {
      this.mainClass = mainClass;
      this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    /** Classes from a module's build output (see {@link ServiceJvm#classpathOf}). */
    public Builder classpathOf(Path moduleDir) {
      this.classpath = ServiceJvm.classpathOf(moduleDir);
      this.moduleDir = moduleDir;
      return this;
    }

    /** The classpath this JVM runs with, e.g. for a main class among the test's own classes. */
    public Builder classpathOfThisJvm() {
      this.classpath = System.getProperty("java.class.path");
      this.moduleDir = null;
      return this;
    }

    /**
     * Whether a JVM started from a module's build maps (or, on its first run from this build,
     * writes) the module's class-data archive; off unless {@code PATHWAY_CDS=true}.
     */
    public Builder classDataSharing(boolean enabled) {
      this.classDataSharing = enabled;
      return this;
    }

    /** A name for messages; the main class's simple name unless given. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Added to (and overriding) this process's environment. */
    public Builder env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Passed as {@code -Dkey=value}. */
    public Builder systemProperties(Map<String, ?> values) {
      values.forEach((k, v) -> systemProperties.put(k, String.valueOf(v)));
      return this;
    }

    public Builder systemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    /** Replaces {@link ServiceJvm#JVM_FLAGS}; only a measurement of the flags themselves should. */
    public Builder jvmFlags(List<String> flags) {
      this.jvmFlags = List.copyOf(flags);
      return this;
    }

    /**
     * Where stdout and stderr go; {@code target/<name>.log} of the working directory unless set.
     */
    public Builder log(Path file) {
      this.log = file;
      return this;
    }

    private static List<String> extraFlags() {
      String flags = System.getProperty(EXTRA_FLAGS_PROPERTY, "").trim();
      return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    /** Starts the JVM and returns at once; see {@link ServiceJvm#awaitReady}. */
    public ServiceJvm start() {
      if (classpath == null) {
        throw new IllegalStateException("no classpath for " + mainClass);
      }
      Path logFile = log != null ? log : Path.of("target", name + ".log");
      ClassDataSharing.Plan sharing =
          classDataSharing && moduleDir != null
              ? ClassDataSharing.plan(mainClass, moduleDir, classpath)
              : ClassDataSharing.Plan.none(classpath);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmFlags);
      command.addAll(extraFlags());
      command.addAll(sharing.flags());
      systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.add("-cp");
      command.add(sharing.classpath());
      command.add(mainClass);
      try {
        Path dir = logFile.toAbsolutePath().getParent();
        if (dir != null) {
          Files.createDirectories(dir);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(logFile.toFile());
        builder.environment().putAll(env);
        return new ServiceJvm(name, builder.start(), logFile, sharing);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name, e);
      }
    }
  }
}
