package org.pathway.deploy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pathway.deploy.access.DevAccess;
import org.pathway.deploy.demo.DevMailRetention;
import org.pathway.deploy.demo.DevMailServer;
import org.pathway.deploy.demo.DevMailbox;
import org.pathway.deploy.operate.DeadLetterCommand;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.FreePorts;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.localpostgres.Database;
import org.pathway.testsupport.gp.GpFhirServer;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * Pathway in dev mode, on one machine with embedded defaults: a real Kafka (in-process KRaft unless
 * {@code KAFKA_BOOTSTRAP_SERVERS} or Docker says otherwise) with every catalogue topic, a real SMTP
 * server, a demo GP system's FHIR endpoint, a real PostgreSQL (embedded, data under {@code
 * .pathway/postgres}, unless {@code PATHWAY_POSTGRES_URL} names a server) and the three services,
 * each in its own JVM with a database of its own. Stops cleanly on Ctrl-C.
 */
public final class PathwayDev implements AutoCloseable {

  /**
   * Where each piece listens once started.
   *
   * @param readiness each service's readiness URL, by module
   * @param managementPorts each service's management port (health, metrics), by module
   * @param access the clients, token endpoint, signing key and link keys the services were given
   * @param reportingUrl reporting's base URL (figures API at /api/figures, FHIR at /fhir)
   * @param mailboxUrl the dev mailbox page, listing every mail with its links
   */
  public record Endpoints(
      String fhirBase,
      String gpBase,
      int smtpPort,
      int imapPort,
      String mailboxUrl,
      Map<String, String> readiness,
      Map<String, Integer> managementPorts,
      DevAccess access,
      String reportingUrl) {}

  /**
   * How dev mode launches one service, so a benchmark can start a service exactly as dev mode does.
   *
   * @param module the service's module directory
   * @param env the dev-mode environment (ports, database, Kafka)
   * @param readiness the URL that answers 200 once the service is ready
   */
  public record Launch(String module, Map<String, String> env, String readiness) {

    /** Starts the service in its own JVM, with {@code overrides} applied over {@link #env}. */
    public ServiceJvm start(Path repo, Map<String, String> overrides, Path logDir) {
      Map<String, String> merged = new HashMap<>(env);
      merged.putAll(overrides);
      return ServiceJvm.start(repo, module, mainClass(module), merged, logDir);
    }
  }

  private final KafkaCluster kafka;
  private final DevDatabases databases;
  private final DevMailServer mail;
  private final DevMailbox mailbox;
  private final GpFhirServer gp;
  private final List<ServiceJvm> services;
  private final Endpoints endpoints;

  private PathwayDev(
      KafkaCluster kafka,
      DevDatabases databases,
      DevMailServer mail,
      DevMailbox mailbox,
      GpFhirServer gp,
      List<ServiceJvm> services,
      Endpoints endpoints) {
    this.kafka = kafka;
    this.databases = databases;
    this.mail = mail;
    this.mailbox = mailbox;
    this.gp = gp;
    this.services = services;
    this.endpoints = endpoints;
  }

  /**
   * Starts everything, with the services' databases kept under the data directory ({@link
   * DevDatabases#kept}), and returns once every service reports ready.
   *
   * @param serviceEnv extra environment per service module, applied over the dev defaults
   */
  public static PathwayDev start(DevSettings settings, Map<String, Map<String, String>> serviceEnv)
      throws Exception {
    return start(settings, DevDatabases.kept(settings.dataDir().resolve("postgres")), serviceEnv);
  }

  /**
   * Starts everything on the given databases, which dev mode closes when it stops, and returns once
   * every service reports ready.
   *
   * @param serviceEnv extra environment per service module, applied over the dev defaults
   */
  public static PathwayDev start(
      DevSettings settings, DevDatabases databases, Map<String, Map<String, String>> serviceEnv)
      throws Exception {
    Path repo = repositoryRoot();
    Path data = settings.dataDir();
    Starting started = new Starting(databases);
    try {
      KafkaCluster kafka = startKafka(settings);
      started.add(kafka);
      DevMailServer mail =
          DevMailServer.start(settings.smtpPort(), settings.imapPort(), data.resolve("mail"));
      started.add(mail);
      DevMailbox mailbox = DevMailbox.start(mail, settings.mailboxPort());
      started.add(mailbox);
      GpFhirServer gp = GpFhirServer.start(FhirContext.forR4Cached(), settings.gpPort());
      started.add(gp);

      // Only the FHIR port is fixed by default (the README's curl names it); management ports are
      // free-chosen unless set, so dev mode starts beside anything else on the machine.
      int fhirPort = port(settings.fhirPort());
      int adapterManagement = port(settings.adapterManagementPort());
      int routerManagement = port(settings.routerManagementPort());
      int notifierManagement = port(settings.notifierManagementPort());
      int portalPort = port(settings.portalPort());
      int portalManagement = port(settings.portalManagementPort());
      int reportingPort = port(settings.reportingPort());
      int reportingManagement = port(settings.reportingManagementPort());
      DevAccess access =
          DevAccess.prepare(repo, data, fhirPort, portalPort, settings.clientFiles());
      String bootstrap = kafka.bootstrapServers();
      Path directory = devDirectory(repo, gp.baseUrl(), data);
      List<Launch> launches =
          List.of(
              adapter(
                  fhirPort,
                  adapterManagement,
                  databases.forService("fhir-adapter"),
                  directory,
                  bootstrap,
                  access),
              router(
                  routerManagement, databases.forService("router"), directory, bootstrap, access),
              notifier(
                  notifierManagement,
                  databases.forService("notifier"),
                  mail.smtpPort(),
                  bootstrap,
                  access),
              portal(
                  portalPort, portalManagement, "http://localhost:" + fhirPort + "/fhir", access),
              reporting(reportingPort, reportingManagement, data, bootstrap, access));

      Map<String, String> readiness = new LinkedHashMap<>();
      List<ServiceJvm> services = new ArrayList<>();
      for (Launch launch : launches) {
        readiness.put(launch.module(), launch.readiness());
        ServiceJvm service =
            launch.start(
                repo, serviceEnv.getOrDefault(launch.module(), Map.of()), data.resolve("logs"));
        services.add(service);
        started.add(service);
      }
      for (ServiceJvm service : services) {
        service.awaitReady(readiness.get(service.name()), ReadyTimeout.from(System::getenv));
      }
      var endpoints =
          new Endpoints(
              "http://localhost:" + fhirPort + "/fhir",
              gp.baseUrl(),
              mail.smtpPort(),
              mail.imapPort(),
              mailbox.url(),
              readiness,
              managementPorts(
                  launches,
                  List.of(
                      adapterManagement,
                      routerManagement,
                      notifierManagement,
                      portalManagement,
                      reportingManagement)),
              access,
              "http://localhost:" + reportingPort);
      DeadLetterCommand.writeManagementPorts(data, endpoints.managementPorts());
      PathwayDev dev = new PathwayDev(kafka, databases, mail, mailbox, gp, services, endpoints);
      started.handOver();
      return dev;
    } catch (Exception | Error e) {
      started.failed();
      throw e;
    }
  }

  public KafkaCluster kafka() {
    return kafka;
  }

  public DevDatabases databases() {
    return databases;
  }

  public DevMailServer mail() {
    return mail;
  }

  public GpFhirServer gp() {
    return gp;
  }

  public List<ServiceJvm> services() {
    return services;
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** Stops the services first, then what they depend on, so no client retries a dead broker. */
  @Override
  public void close() {
    List<AutoCloseable> startOrder = new ArrayList<>(List.of(databases, kafka, mail, mailbox, gp));
    startOrder.addAll(services);
    Starting.closeAll(startOrder);
  }

  public static void main(String[] args) throws Exception {
    DevSettings settings = DevSettings.from(System::getenv);
    System.out.println("Pathway: starting dev mode (data in " + settings.dataDir() + ")");
    PathwayDev dev = start(settings, Map.of());
    CountDownLatch stopped = new CountDownLatch(1);
    ScheduledExecutorService mailWatch = Executors.newSingleThreadScheduledExecutor();
    // Dev mail copies are kept for PATHWAY_DEV_MAIL_RETENTION (7 days), checked hourly.
    DevMailRetention mailRetention = DevMailRetention.from(System::getenv);
    mailWatch.scheduleWithFixedDelay(
        () -> {
          try {
            mailRetention.purge(settings.dataDir().resolve("mail"), Instant.now());
          } catch (RuntimeException e) {
            System.out.println("  mail retention: " + e.getMessage());
          }
        },
        0,
        1,
        TimeUnit.HOURS);
    mailWatch.scheduleWithFixedDelay(
        () -> {
          try {
            dev.mail().saveNew().forEach(m -> System.out.println("  mail -> " + m));
          } catch (Exception e) {
            System.out.println("  mail: " + e.getMessage());
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            System.out.println("Pathway: stopping");
            mailWatch.shutdownNow();
            dev.close();
          }
          stopped.countDown();
        };
    Starting.stopOnSignals(stop);
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "pathway-shutdown"));
    DevBanner.print(dev, settings, System.out);
    stopped.await();
  }

  /**
   * The dev broker (in-process unless the environment names another) with every catalogue topic.
   */
  public static KafkaCluster startKafka(DevSettings settings) {
    KafkaCluster kafka =
        KafkaClusters.forDev(settings.dataDir().resolve("kafka"), settings.kafkaPort());
    try {
      kafka.createTopics(
          Topics.all().stream().map(t -> t.toNewTopic(settings.replicationFactor())).toList());
      return kafka;
    } catch (RuntimeException | Error e) {
      Starting.closeAll(List.of(kafka));
      throw e;
    }
  }

  /**
   * The fhir-adapter as dev mode runs it: FHIR and management ports, its ledger database, and
   * access control with the dev clients and signing key.
   */
  public static Launch adapter(
      int fhirPort,
      int managementPort,
      Database ledger,
      Path directory,
      String kafka,
      DevAccess access) {
    return new Launch(
        "fhir-adapter",
        with(
            ledger,
            access.adapterEnvironment(),
            Map.of(
                "FHIR_PORT",
                "" + fhirPort,
                "MANAGEMENT_PORT",
                "" + managementPort,
                // The adapter serves the directory as HealthcareService (groups and their capacity
                // on the link worker's page): the same feed the router routes with.
                "DIRECTORY_FEED",
                "file:" + directory,
                // A Subscription's rest-hook may name the demo's http peers, as the notifier may.
                "OUTBOUND_ALLOW_HTTP",
                "true",
                // Area and deprivation decile for evaluation: the operator's lookup if given, else
                // the demo's (made-up areas covering the demo referral's postcode).
                "PATHWAY_DEPRIVATION_LOOKUP",
                deprivationLookup(),
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka)),
        health(managementPort));
  }

  /**
   * The router as dev mode runs it, reading the directory feed {@code directory} and signing the
   * links it puts in mail with the dev link keys.
   */
  public static Launch router(
      int managementPort, Database database, Path directory, String kafka, DevAccess access) {
    return new Launch(
        "router",
        with(
            database,
            access.routerEnvironment(),
            Map.of(
                "MANAGEMENT_PORT",
                "" + managementPort,
                "DIRECTORY_FEED",
                "file:" + directory,
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka)),
        health(managementPort));
  }

  /** The notifier as dev mode runs it, sending email to the SMTP server on {@code smtpPort}. */
  public static Launch notifier(
      int managementPort, Database database, int smtpPort, String kafka, DevAccess access) {
    return new Launch(
        "notifier",
        with(
            database,
            access.managementEnvironment(),
            Map.of(
                "MANAGEMENT_PORT",
                "" + managementPort,
                "NOTIFIER_SMTP_HOST",
                "127.0.0.1",
                "NOTIFIER_SMTP_PORT",
                "" + smtpPort,
                // The demo GP system and dev webhooks are plain http on this machine.
                "OUTBOUND_ALLOW_HTTP",
                "true",
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka)),
        health(managementPort));
  }

  /**
   * The portal as dev mode runs it: its pages on {@code port} (where the router's links point), its
   * own client identity (the demo {@code portal} client's dev-only key) and the FHIR base it
   * answers through. It needs no database and no Kafka: it holds no state.
   */
  public static Launch portal(int port, int managementPort, String fhirBase, DevAccess access) {
    Map<String, String> env = new HashMap<>(access.portalEnvironment(fhirBase));
    env.put("MICRONAUT_SERVER_PORT", "" + port);
    env.put("PORTAL_HOST", DevAccess.LOOPBACK);
    env.put("MANAGEMENT_PORT", "" + managementPort);
    return new Launch("portal", Map.copyOf(env), health(managementPort));
  }

  /**
   * Reporting as dev mode runs it: its figures API and FHIR face on {@code port} (loopback), its
   * Kafka Streams state under the data directory (safe to delete: rebuilt from the topics).
   */
  public static Launch reporting(
      int port, int managementPort, Path data, String kafka, DevAccess access) {
    Map<String, String> env = new HashMap<>(access.reportingEnvironment());
    env.put("REPORTING_PORT", "" + port);
    env.put("REPORTING_HOST", DevAccess.LOOPBACK);
    env.put("MANAGEMENT_PORT", "" + managementPort);
    env.put("REPORTING_STATE_DIR", data.resolve("reporting-state").toString());
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
    return new Launch("reporting", Map.copyOf(env), health(managementPort));
  }

  /** A port nothing listens on right now, not handed out before by this JVM ({@link FreePorts}). */
  public static int freePort() {
    return port(0);
  }

  private static Map<String, Integer> managementPorts(List<Launch> launches, List<Integer> ports) {
    Map<String, Integer> byModule = new LinkedHashMap<>();
    for (int i = 0; i < launches.size(); i++) {
      byModule.put(launches.get(i).module(), ports.get(i));
    }
    return byModule;
  }

  private static String health(int port) {
    return "http://127.0.0.1:" + port + "/health/readiness";
  }

  /** A service's access settings, its own, and its database's {@code DATASOURCE_*}. */
  private static Map<String, String> with(
      Database database, Map<String, String> access, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(access);
    all.putAll(env);
    all.putAll(database.environment());
    return Map.copyOf(all);
  }

  private static String mainClass(String module) {
    return "org.pathway." + module.replace("-", "") + ".Application";
  }

  /**
   * The dev directory: the demo feed with the GP practices' FHIR endpoints pointed at this run's
   * demo GP system.
   */
  public static Path devDirectory(Path repo, String gpBase, Path data) throws IOException {
    String feed = Files.readString(repo.resolve("deploy/demo/directory.json"));
    Path out = data.resolve("directory.json");
    Files.createDirectories(data);
    Files.writeString(out, feed.replace("${GP_FHIR_BASE}", gpBase));
    return out;
  }

  private static int port(int wanted) {
    if (wanted != 0) {
      return wanted;
    }
    return FreePorts.next();
  }

  /** {@code PATHWAY_DEPRIVATION_LOOKUP} as set, else the demo's {@code deploy/demo} lookup. */
  static String deprivationLookup() {
    String set = System.getenv("PATHWAY_DEPRIVATION_LOOKUP");
    return set != null && !set.isBlank()
        ? Path.of(set).toAbsolutePath().toString()
        : repositoryRoot().resolve("deploy/demo/deprivation-lookup.csv").toString();
  }

  /** The checkout this runs from: the nearest directory up from here holding deploy/pom.xml. */
  public static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("deploy/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("run from inside the Pathway checkout");
  }
}
