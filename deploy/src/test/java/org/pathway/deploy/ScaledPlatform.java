package org.pathway.deploy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pathway.deploy.access.DevAccess;
import org.pathway.deploy.demo.DevMailServer;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.gp.GpFhirServer;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * Pathway scaled out for a test: {@code n} replicas each of the fhir-adapter, the router and the
 * notifier, every replica its own JVM launched as dev mode launches the service ({@link
 * PathwayDev#adapter}, {@link PathwayDev#router}, {@link PathwayDev#notifier}), the replicas of a
 * service sharing one database and one consumer group on one Kafka, with dev mode's mail server and
 * GP system. Each replica has its own ports and log ({@code target/scaled-platform/<service>-<i>/},
 * kept after the test for reading); the adapters share one public URL (as behind a load balancer),
 * so a token from one is good at all.
 */
public final class ScaledPlatform implements AutoCloseable {

  /** One running replica: its service module, number (from 1), JVM and management port. */
  public record Replica(String module, int number, ServiceJvm jvm, int managementPort) {

    /** {@code <module>-<number>}, e.g. {@code router-2}. */
    public String name() {
      return module + "-" + number;
    }
  }

  private static final Path LOGS = Path.of("target", "scaled-platform").toAbsolutePath();

  /**
   * How long a replica may take to become ready: six JVMs starting at once share the cores, so on a
   * busy machine this is many times one service's start.
   */
  private static final Duration START_LIMIT = Duration.ofMinutes(10);

  private final List<AutoCloseable> started;
  private final KafkaCluster kafka;
  private final List<Replica> replicas;
  private final List<String> fhirBases;
  private final DevAccess access;
  private final Map<String, TestDatabase> databases;

  private ScaledPlatform(
      List<AutoCloseable> started,
      KafkaCluster kafka,
      List<Replica> replicas,
      List<String> fhirBases,
      DevAccess access,
      Map<String, TestDatabase> databases) {
    this.started = started;
    this.kafka = kafka;
    this.replicas = replicas;
    this.fhirBases = fhirBases;
    this.access = access;
    this.databases = databases;
  }

  /**
   * Starts {@code n} replicas of each service and returns once every one is ready.
   *
   * @param directory writes the directory feed for the GP system's base URL it is given
   * @param serviceEnv extra environment per service module, applied over dev mode's
   */
  public static ScaledPlatform start(
      Path data,
      int n,
      Function<String, Path> directory,
      Map<String, Map<String, String>> serviceEnv)
      throws Exception {
    Path repo = PathwayDev.repositoryRoot();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      var settings =
          DevSettings.from(Map.of("PATHWAY_DATA_DIR", data.toString())::get).withFreePorts();
      KafkaCluster kafka = PathwayDev.startKafka(settings);
      started.add(kafka);
      DevMailServer mail =
          DevMailServer.start(settings.smtpPort(), settings.imapPort(), data.resolve("mail"));
      started.add(mail);
      GpFhirServer gp = GpFhirServer.start(FhirContext.forR4Cached(), settings.gpPort());
      started.add(gp);
      Map<String, TestDatabase> databases = new HashMap<>();
      for (String module : List.of("fhir-adapter", "router", "notifier")) {
        TestDatabase db = TestDatabase.create("scaled_" + module.replace('-', '_'));
        started.add(db);
        databases.put(module, db);
      }
      List<Integer> fhirPorts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fhirPorts.add(PathwayDev.freePort());
      }
      DevAccess access =
          DevAccess.prepare(
              repo, data, fhirPorts.get(0), PathwayDev.freePort(), settings.clientFiles());
      Path feed = directory.apply(gp.baseUrl());
      String bootstrap = kafka.bootstrapServers();

      List<Replica> replicas = new ArrayList<>();
      List<String> readiness = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        int adapterManagement = PathwayDev.freePort();
        int routerManagement = PathwayDev.freePort();
        int notifierManagement = PathwayDev.freePort();
        List<PathwayDev.Launch> launches =
            List.of(
                PathwayDev.adapter(
                    fhirPorts.get(i - 1),
                    adapterManagement,
                    databases.get("fhir-adapter").database(),
                    feed,
                    bootstrap,
                    access),
                PathwayDev.router(
                    routerManagement, databases.get("router").database(), feed, bootstrap, access),
                PathwayDev.notifier(
                    notifierManagement,
                    databases.get("notifier").database(),
                    mail.smtpPort(),
                    bootstrap,
                    access));
        List<Integer> ports = List.of(adapterManagement, routerManagement, notifierManagement);
        for (int s = 0; s < launches.size(); s++) {
          PathwayDev.Launch launch = launches.get(s);
          Map<String, String> env =
              new HashMap<>(serviceEnv.getOrDefault(launch.module(), Map.of()));
          // Each router replica needs an instance id of its own: it names its transactional ids.
          env.put("ROUTER_INSTANCE_ID", "router-" + i);
          ServiceJvm jvm = launch.start(repo, env, LOGS.resolve(launch.module() + "-" + i));
          started.add(jvm);
          replicas.add(new Replica(launch.module(), i, jvm, ports.get(s)));
          readiness.add(launch.readiness());
        }
      }
      for (int r = 0; r < replicas.size(); r++) {
        replicas.get(r).jvm().awaitReady(readiness.get(r), START_LIMIT);
      }
      List<String> fhirBases =
          fhirPorts.stream().map(p -> "http://localhost:" + p + "/fhir").toList();
      return new ScaledPlatform(started, kafka, replicas, fhirBases, access, databases);
    } catch (Exception | Error e) {
      closeAll(started);
      throw e;
    }
  }

  public KafkaCluster kafka() {
    return kafka;
  }

  public DevAccess access() {
    return access;
  }

  /** The adapters' FHIR bases, in replica order; the first is the public URL's. */
  public List<String> fhirBases() {
    return fhirBases;
  }

  /** The database every replica of {@code module} shares. */
  public TestDatabase database(String module) {
    return databases.get(module);
  }

  /** The replicas of {@code module}, in order. */
  public List<Replica> replicas(String module) {
    return replicas.stream().filter(r -> r.module().equals(module)).toList();
  }

  /**
   * The adapter replica whose {@code /health} says it leads the outbox relay and hears the other
   * replicas' outbox commits (so theirs wait for no poll), asked with {@code bearer} (an
   * operator's: health details are for operators).
   */
  public Optional<Replica> relayLeader(String bearer) {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    for (Replica r : replicas("fhir-adapter")) {
      if (!r.jvm().isAlive()) {
        continue;
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + r.managementPort() + "/health"))
                    .header("Authorization", bearer)
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode relay = json.readTree(health.body()).findValue("outboxRelay");
        if (relay != null
            && "leader".equals(relay.findPath("role").asText())
            && "heard".equals(relay.findPath("otherReplicasCommits").asText())) {
          return Optional.of(r);
        }
      } catch (IOException e) {
        // not answering: not the leader this test can name
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Stops the replicas first, then what they depend on. */
  @Override
  public void close() {
    closeAll(started);
  }

  private static void closeAll(List<AutoCloseable> startOrder) {
    for (int i = startOrder.size() - 1; i >= 0; i--) {
      try {
        startOrder.get(i).close();
      } catch (Exception e) {
        System.err.println("scaled platform: error stopping " + startOrder.get(i) + ": " + e);
      }
    }
  }
}
