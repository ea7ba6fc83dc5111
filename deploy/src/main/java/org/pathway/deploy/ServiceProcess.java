package org.pathway.deploy;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Pathway service in its own JVM, started from its module's build output. Each service gets a
 * JVM of its own, as in production, so one Micronaut context never sees another service's beans.
 */
public final class ServiceProcess implements AutoCloseable {

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

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} from {@code <repo>/<module>/target}, with {@code env} added to this
   * process's environment and its output in {@code logDir/<name>.log}, where the name is the
   * module's last path segment ({@code deploy/hello-reference} is {@code hello-reference}).
   */
  public static ServiceProcess start(
      Path repo, String module, String mainClass, Map<String, String> env, Path logDir) {
    try {
      Path target = repo.resolve(module).resolve("target");
      Path classpathFile = target.resolve("runtime-classpath.txt");
      if (!Files.exists(classpathFile)) {
        throw new IllegalStateException(
            classpathFile + " is missing: build first (./mvnw -q -DskipTests package)");
      }
      String classpath =
          target.resolve("classes")
              + java.io.File.pathSeparator
              + Files.readString(classpathFile).trim();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(JVM_FLAGS);
      command.add("-cp");
      command.add(classpath);
      command.add(mainClass);
      String name = Path.of(module).getFileName().toString();
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      builder.environment().putAll(env);
      return new ServiceProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + module, e);
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

  /** The abrupt end a crash test needs: SIGKILL, no shutdown hooks. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /** A graceful stop (SIGTERM), then SIGKILL if it has not ended within 20 seconds. */
  @Override
  public void close() {
    process.destroy();
    if (!waitFor(Duration.ofSeconds(20))) {
      kill();
    }
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
}
