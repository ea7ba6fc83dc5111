package org.pathway.localkafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses the Kafka that dev mode and tests run against.
 *
 * <p>{@code PATHWAY_KAFKA} (or the system property {@code pathway.kafka}) picks one explicitly:
 * {@code external}, {@code testcontainers} or {@code in-process}. Left unset, the choice is
 * automatic: an external cluster when {@code KAFKA_BOOTSTRAP_SERVERS} is set, otherwise Apache
 * Kafka under Testcontainers when a Docker engine answers, otherwise the in-process KRaft broker.
 * Every choice is a real broker. Docker is only probed when the answer can change the choice.
 */
public final class KafkaClusters {

  /** The environment variable naming an external cluster's bootstrap servers. */
  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

  /** The environment variable that forces one kind of cluster. */
  public static final String MODE_ENV = "PATHWAY_KAFKA";

  /** The kinds of cluster this module can provide. */
  public enum Mode {
    EXTERNAL,
    TESTCONTAINERS,
    IN_PROCESS
  }

  private KafkaClusters() {}

  /** A cluster for a test: as {@link #choose}, with a throw-away in-process broker as fallback. */
  public static KafkaCluster forTests() {
    return start(System::getenv, KraftBroker::startTemporary);
  }

  /**
   * A cluster for one test class, as {@link #forTests}, except that the in-process fallback is one
   * broker per JVM, shared by the classes that run one after the other: each gets it with no topics
   * and no consumer groups left by the class before, and its {@code close()} leaves it running. A
   * test that stops or restarts its broker needs {@link #forTests} instead.
   */
  public static KafkaCluster forTestClass() {
    return start(System::getenv, SharedTestBroker::emptied);
  }

  /** A cluster for dev mode: as {@link #choose}, with a persistent broker in {@code dataDir}. */
  public static KafkaCluster forDev(Path dataDir, int port) {
    return start(System::getenv, () -> KraftBroker.start(dataDir, port, Map.of()));
  }

  /** Which kind of cluster the given environment asks for. */
  public static Mode choose(Function<String, String> env, BooleanSupplier dockerAvailable) {
    String explicit = env.apply(MODE_ENV);
    if (explicit == null) {
      explicit = System.getProperty("pathway.kafka");
    }
    if (explicit != null && !explicit.isBlank() && !explicit.equalsIgnoreCase("auto")) {
      try {
        return Mode.valueOf(explicit.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            MODE_ENV + "=" + explicit + " is not one of auto, external, testcontainers, in-process",
            e);
      }
    }
    if (env.apply(BOOTSTRAP_ENV) != null && !env.apply(BOOTSTRAP_ENV).isBlank()) {
      return Mode.EXTERNAL;
    }
    return dockerAvailable.getAsBoolean() ? Mode.TESTCONTAINERS : Mode.IN_PROCESS;
  }

  private static KafkaCluster start(
      Function<String, String> env, Supplier<KafkaCluster> inProcess) {
    Mode mode = choose(env, KafkaClusters::dockerAnswers);
    return switch (mode) {
      case EXTERNAL -> {
        String servers = env.apply(BOOTSTRAP_ENV);
        if (servers == null || servers.isBlank()) {
          throw new IllegalStateException(MODE_ENV + "=external needs " + BOOTSTRAP_ENV);
        }
        yield new ExternalCluster(servers);
      }
      case TESTCONTAINERS -> ContainerCluster.start();
      case IN_PROCESS -> inProcess.get();
    };
  }

  /**
   * Asks Testcontainers only when a Docker endpoint could exist: without one it logs an error for
   * each strategy it tries, which reads like a failure on machines that simply have no Docker.
   */
  private static boolean dockerAnswers() {
    boolean endpointConfigured =
        System.getenv("DOCKER_HOST") != null
            || Files.exists(Path.of("/var/run/docker.sock"))
            || Files.exists(
                Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
            || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
    if (!endpointConfigured) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
