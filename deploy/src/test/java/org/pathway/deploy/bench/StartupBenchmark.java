package org.pathway.deploy.bench;

import java.io.IOException;
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
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.pathway.deploy.DevSettings;
import org.pathway.deploy.PathwayDev;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevAccess;
import org.pathway.deploy.access.DevTokens;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localpostgres.Database;
import org.pathway.testsupport.bench.BenchOptions;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * Benchmark B9 (start-up and memory). Not a test: a program that prints a report.
 *
 * <p>Start-up: interleaved pairs, each (A) the fhir-adapter in a JVM of its own (fresh ledger
 * database on the benchmark's one embedded PostgreSQL, free ports, dev mode's environment, one
 * shared in-process broker) timed from spawn to the first referral answered 2xx, then (B) the
 * Micronaut hello world ({@code deploy/hello-reference}) timed from spawn to the first {@code GET
 * /hello} 200, both probed every {@code poll-ms}. The adapter runs with access control on: its
 * referrals carry the demo practice's bearer token, minted with the adapter's signing key before
 * the clock starts (there is no token endpoint to ask before the adapter is up). Both go through
 * {@link ServiceJvm}, so the JVM flags are the same. Reported: each pair, the median of the
 * per-pair ratios A/B with its min-max, and the medians. Router and notifier start-up to readiness
 * are measured once each, as context.
 *
 * <p>Memory: the whole platform in dev mode while {@link ReferralLoad} offers {@code load} of the
 * B1 maximum for {@code seconds}; VmRSS and VmHWM of each service JVM sampled every second, and the
 * hello world's, idle and under GET load at the same rate, as the yardstick.
 *
 * <p>Arguments, all optional: {@code pairs=5 warmup=1 b1max=200 load=0.8 seconds=60 connections=64
 * poll-ms=20 context=true memory=true ledger=fresh jfr=DIR}. With {@code ledger=current} every
 * adapter start shares one ledger, which the warm-up start migrates: the timed starts are restarts
 * on a current schema rather than first installs. With {@code jfr}, each adapter start records a
 * JFR profile ({@code DIR/adapter-<run>.jfr}) and is stopped gracefully so the recording is
 * written, and the spawn's wall-clock time is printed to line up with the adapter's log: the
 * profile behind the fhir-adapter README's "Start-up profile". Its timings are then not comparable
 * with a plain run.
 */
public final class StartupBenchmark {

  private static final double START_TARGET = 1.5;
  private static final long RSS_TARGET_KIB = 512 * 1024;
  private static final Duration START_LIMIT = Duration.ofMinutes(3);
  private static final String HELLO_MODULE = "deploy/hello-reference";
  private static final String HELLO_MAIN = "org.pathway.helloreference.Application";

  private final Path repo = PathwayDev.repositoryRoot();
  private final List<TestDatabase> databases = new ArrayList<>();
  // With ledger=current, the one ledger every adapter start shares (migrated by the first).
  private final boolean freshLedger;
  private Database sharedLedger;
  private final Path work;
  private final Duration poll;
  private final Path jfr;

  private StartupBenchmark(Path work, Duration poll, Path jfr, boolean freshLedger) {
    this.freshLedger = freshLedger;
    this.work = work;
    this.poll = poll;
    this.jfr = jfr;
  }

  /**
   * One start-up: when the first answer of any kind came, when the first success came, and whether
   * the JVM mapped a class-data archive (ServiceJvm's, written by the warm-up pair's clean exit).
   */
  record Start(double firstAnswerMs, double readyMs, boolean archived) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchOptions.parse(args);
    int pairs = Integer.parseInt(opts.getOrDefault("pairs", "5"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1"));
    double b1max = Double.parseDouble(opts.getOrDefault("b1max", "200"));
    double share = Double.parseDouble(opts.getOrDefault("load", "0.8"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
    Duration poll = Duration.ofMillis(Long.parseLong(opts.getOrDefault("poll-ms", "20")));
    // Both JVMs of every pair alike: the launcher's class-data sharing, unless cds=false.
    System.setProperty(ServiceJvm.CLASS_DATA_SHARING_PROPERTY, opts.getOrDefault("cds", "true"));

    Path work = Files.createTempDirectory("pathway-b9-");
    Path jfr = opts.containsKey("jfr") ? Path.of(opts.get("jfr")).toAbsolutePath() : null;
    String ledger = opts.getOrDefault("ledger", "fresh");
    if (!ledger.equals("fresh") && !ledger.equals("current")) {
      throw new IllegalArgumentException("ledger=" + ledger + ": fresh or current");
    }
    var bench = new StartupBenchmark(work, poll, jfr, ledger.equals("fresh"));
    int status = 0;
    try {
      System.out.println("# Pathway B9: start-up to first accepted referral; RSS under load");
      Probes.print(work);
      System.out.println("work dir (logs, data): " + work);
      bench.startup(pairs, warmup, !"false".equals(opts.get("context")));
      if (!"false".equals(opts.get("memory"))) {
        bench.memory(b1max * share, Duration.ofSeconds(seconds), connections, b1max, share);
      }
      System.out.println();
      System.out.println("load average at end: " + Probes.loadAverage());
      bench.databases.forEach(TestDatabase::close);
      ScratchData.delete(work);
    } catch (Exception | Error e) {
      System.out.println("B9 FAILED: " + e + " (logs kept in " + work + ")");
      e.printStackTrace(System.out);
      status = 1;
    }
    // As Demo: exec:java would otherwise wait on the broker's and HTTP client's leftover threads.
    System.exit(status);
  }

  // ---------------------------------------------------------------------------------------------
  // Start-up

  private void startup(int pairs, int warmup, boolean context) throws Exception {
    System.out.println();
    System.out.println("## Start-up (A = fhir-adapter to first 2xx referral, B = hello world to");
    System.out.println(
        "## first GET /hello 200; spawn to answer, polled every " + poll.toMillis() + " ms)");
    System.out.println(
        freshLedger
            ? "ledger: a fresh database for each adapter start (Flyway creates the schema)"
            : "ledger: one database for every adapter start (the warm-up's migrates it; Flyway"
                + " then only validates)");
    Path kafkaDir = work.resolve("startup");
    var settings = DevSettings.from(Map.of("PATHWAY_DATA_DIR", kafkaDir.toString())::get);
    try (KafkaCluster kafka = PathwayDev.startKafka(settings.withFreePorts())) {
      System.out.println("broker: " + kafka.description());
      List<Double> adapter = new ArrayList<>();
      List<Double> hello = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      System.out.printf(
          "%-8s %12s %14s %10s %8s%n", "pair", "A ready ms", "A 1st answer", "B ready ms", "A/B");
      for (int i = 1 - warmup; i <= pairs; i++) {
        String run = i <= 0 ? "warm-up" : "" + i;
        // The warm-up starts end cleanly, so each JVM writes its class-data archive (ServiceJvm).
        boolean warmUp = i <= 0;
        Start a = startAdapter(kafka.bootstrapServers(), run, warmUp);
        pause();
        Start b = startHello(run, warmUp);
        pause();
        System.out.printf(
            "%-8s %12.0f %14.0f %10.0f %8.2f   CDS A %s, B %s%n",
            run,
            a.readyMs(),
            a.firstAnswerMs(),
            b.readyMs(),
            a.readyMs() / b.readyMs(),
            a.archived() ? "mapped" : "no",
            b.archived() ? "mapped" : "no");
        if (i > 0) {
          adapter.add(a.readyMs());
          hello.add(b.readyMs());
          ratios.add(a.readyMs() / b.readyMs());
        }
      }
      double ratio = median(ratios);
      System.out.printf(
          "B9 start-up: A/B median %.2f (min %.2f, max %.2f, %d pairs); target <= %.1f: %s%n",
          ratio,
          min(ratios),
          max(ratios),
          ratios.size(),
          START_TARGET,
          ratio <= START_TARGET ? "met" : "NOT met");
      System.out.printf(
          "  medians: fhir-adapter %.0f ms (min %.0f, max %.0f), hello world %.0f ms (min %.0f,"
              + " max %.0f)%n",
          median(adapter), min(adapter), max(adapter), median(hello), min(hello), max(hello));

      if (context) {
        System.out.println("context (one run each, spawn to /health/readiness 200):");
        String bootstrap = kafka.bootstrapServers();
        Path data = work.resolve("context");
        Path directory = PathwayDev.devDirectory(repo, "http://127.0.0.1:9/fhir", data);
        DevAccess access = DevAccess.prepare(repo, data, PathwayDev.freePort(), List.of());
        for (PathwayDev.Launch launch :
            List.of(
                PathwayDev.router(
                    PathwayDev.freePort(), database("b9_router"), directory, bootstrap, access),
                PathwayDev.notifier(
                    PathwayDev.freePort(),
                    database("b9_notifier"),
                    PathwayDev.freePort(),
                    bootstrap,
                    access))) {
          URI ready = URI.create(launch.readiness());
          Start s =
              time(
                  () -> launch.start(repo, Map.of(), data.resolve("logs")),
                  () -> HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(30)).build(),
                  false);
          System.out.printf("  %-8s %6.0f ms%n", launch.module(), s.readyMs());
          pause();
        }
      }
    }
  }

  /** The fhir-adapter as dev mode starts it, on fresh ports and a fresh ledger database. */
  private Start startAdapter(String bootstrap, String run, boolean graceful) throws Exception {
    Path data = work.resolve("adapter-" + run);
    int fhirPort = PathwayDev.freePort();
    DevAccess access = DevAccess.prepare(repo, data, fhirPort, List.of());
    PathwayDev.Launch launch =
        PathwayDev.adapter(
            fhirPort,
            PathwayDev.freePort(),
            ledger(),
            PathwayDev.devDirectory(repo, "http://127.0.0.1:9/fhir", data),
            bootstrap,
            access);
    URI fhirBase = fhirBase(fhirPort);
    // Before the clock starts: the practice's token, from the key the adapter will sign with.
    String bearer = MintedTokens.bearer(access, DemoClients.PRACTICE);
    Map<String, String> profiling = Map.of();
    if (jfr != null) {
      Files.createDirectories(jfr);
      profiling =
          Map.of(
              "JAVA_TOOL_OPTIONS",
              "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                  + jfr.resolve("adapter-" + run + ".jfr"));
      System.out.println(
          "  adapter " + run + " spawned at " + java.time.LocalTime.now() + ", log " + data);
    }
    Map<String, String> env = profiling;
    return time(
        () -> launch.start(repo, env, data.resolve("logs")),
        () -> ReferralLoad.referral(fhirBase, () -> bearer).request(),
        graceful || jfr != null);
  }

  /**
   * The adapter's ledger: a fresh one for each start (a first install: Flyway creates the schema),
   * or with {@code ledger=current} one shared by every start, so each after the first finds its
   * schema current and Flyway only validates it (a restart, a replica added, a new release with no
   * new migration).
   */
  private Database ledger() {
    if (freshLedger) {
      return database("b9_ledger");
    }
    if (sharedLedger == null) {
      sharedLedger = database("b9_ledger");
    }
    return sharedLedger;
  }

  /** A fresh database for one service start, dropped when the benchmark ends. */
  private Database database(String prefix) {
    TestDatabase database = TestDatabase.create(prefix);
    databases.add(database);
    return database.database();
  }

  private Start startHello(String run, boolean graceful) throws Exception {
    int port = PathwayDev.freePort();
    URI hello = URI.create("http://127.0.0.1:" + port + "/hello");
    return time(
        () -> startHelloProcess(port, work.resolve("hello-" + run)),
        () -> HttpRequest.newBuilder(hello).timeout(Duration.ofSeconds(30)).build(),
        graceful);
  }

  private ServiceJvm startHelloProcess(int port, Path logs) {
    return ServiceJvm.start(repo, HELLO_MODULE, HELLO_MAIN, Map.of("HELLO_PORT", "" + port), logs);
  }

  /**
   * Spawns a process and sends {@code probe} every poll interval (or at once, if the last one took
   * longer) until one is answered 2xx; only a success counts. The process is killed afterwards, or
   * stopped with SIGTERM when {@code graceful} (a JFR recording or a class-data archive is only
   * written on a clean exit).
   */
  private Start time(Supplier<ServiceJvm> spawn, Supplier<HttpRequest> probe, boolean graceful)
      throws InterruptedException {
    // A client per start, built before the clock starts, so no pooled connection or lazy set-up
    // of the client is charged to the process under test.
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    HttpRequest first = probe.get();
    long t0 = System.nanoTime();
    ServiceJvm process = spawn.get();
    try {
      long deadline = t0 + START_LIMIT.toNanos();
      double firstAnswer = -1;
      HttpRequest request = first;
      while (System.nanoTime() < deadline) {
        long attempt = System.nanoTime();
        if (!process.isAlive()) {
          throw new IllegalStateException(
              process.name() + " exited while starting; see " + process.log());
        }
        try {
          int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          long answered = System.nanoTime();
          if (firstAnswer < 0) {
            firstAnswer = (answered - t0) / 1e6;
          }
          if (status / 100 == 2) {
            return new Start(firstAnswer, (answered - t0) / 1e6, process.mapsClassArchive());
          }
        } catch (IOException e) {
          // not listening yet
        }
        request = probe.get();
        long sleep = attempt + poll.toNanos() - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
      throw new IllegalStateException(
          process.name() + " gave no 2xx within " + START_LIMIT + "; see " + process.log());
    } finally {
      if (graceful) {
        process.close(Duration.ofMinutes(2));
      } else {
        process.kill();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Memory under load

  private void memory(double rate, Duration duration, int connections, double b1max, double share)
      throws Exception {
    System.out.println();
    System.out.printf(
        "## RSS: dev mode (3 service JVMs, embedded PostgreSQL) under %.0f referrals/s (%.0f%% of B1 max %.0f/s)"
            + " for %d s, %d connections; then the hello world under GET /hello at the same"
            + " rate%n",
        rate, share * 100, b1max, duration.toSeconds(), connections);
    var settings =
        DevSettings.from(Map.of("PATHWAY_DATA_DIR", work.resolve("platform").toString())::get)
            .withFreePorts();
    Map<String, MemorySampler.Stats> services;
    ReferralLoad.Result result;
    // One client sends the whole load: its per-client rate limit is lifted (see B5).
    Map<String, Map<String, String>> unthrottled =
        Map.of("fhir-adapter", Map.of("ACCESS_RATE_LIMIT", "" + BenchPlatform.UNTHROTTLED));
    try (PathwayDev dev = PathwayDev.start(settings, unthrottled)) {
      Map<String, Long> pids = new LinkedHashMap<>();
      dev.services().forEach(s -> pids.put(s.name(), s.pid()));
      System.out.println("platform up: " + dev.endpoints().fhirBase() + " pids " + pids);
      // The practice's token is fetched before the load starts and renewed only near its expiry.
      var tokens = new DevTokens(repo, dev.endpoints().access().tokenUrl());
      tokens.token(DemoClients.PRACTICE);
      var load =
          new ReferralLoad(
              URI.create(dev.endpoints().fhirBase()),
              connections,
              () -> tokens.bearer(DemoClients.PRACTICE));
      try (var sampler = new MemorySampler(pids)) {
        result = load.run(rate, duration, ReferralLoad.Listener.NONE);
        services = sampler.finish();
      }
      dev.services()
          .forEach(
              p ->
                  System.out.printf(
                      "  %-12s at the end: %s%n", p.name(), Probes.heapInfo(p.pid())));
      dev.services()
          .forEach(
              s -> {
                if (!s.isAlive()) {
                  throw new IllegalStateException(s.name() + " died under load; see " + s.log());
                }
              });
    }
    printLoad("referrals", result, rate, duration);

    // The yardstick: the hello world idle, then under the same rate of GET /hello.
    int port = PathwayDev.freePort();
    URI hello = URI.create("http://127.0.0.1:" + port + "/hello");
    Map<String, MemorySampler.Stats> reference;
    ReferralLoad.Result helloResult;
    try (ServiceJvm process = startHelloProcess(port, work.resolve("hello-memory"))) {
      process.awaitReady(hello.toString(), START_LIMIT);
      // Settled and idle when the first sample is taken, as the services are after their start.
      Thread.sleep(2000);
      var driver = new ConstantRate(connections, "hello", System.out);
      try (var sampler = new MemorySampler(Map.of("hello world", process.pid()))) {
        helloResult =
            driver.run(
                rate,
                duration,
                i -> new ConstantRate.Call(ConstantRate.request(hello).GET().build(), "" + i),
                ReferralLoad.Listener.NONE);
        reference = sampler.finish();
      }
      System.out.printf("  %-12s at the end: %s%n", "hello world", Probes.heapInfo(process.pid()));
    }
    printLoad("GET /hello (loopback probe)", helloResult, rate, duration);

    System.out.println();
    System.out.println("RSS per JVM (idle = sampled as the load began; peak and final under it):");
    System.out.printf(
        "%-13s %10s %10s %10s %10s  %s%n",
        "JVM", "idle MB", "peak MB", "final MB", "VmHWM MB", "VmHWM vs 512 MB");
    services.forEach(StartupBenchmark::printMemory);
    reference.forEach(StartupBenchmark::printMemory);
    boolean valid = result.errors() == 0 && result.sent() > 0;
    boolean met = services.values().stream().allMatch(s -> s.hwm <= RSS_TARGET_KIB);
    System.out.printf(
        "B9 RSS: largest service VmHWM %s MB; target <= 512 MB: %s%s%n",
        mb(services.values().stream().mapToLong(s -> s.hwm).max().orElse(-1)),
        met ? "met" : "NOT met",
        valid
            ? ""
            : " -- NOT VALID: the load had "
                + result.errors()
                + " errors, so the services did not carry the stated rate");
  }

  private static void printLoad(String what, ReferralLoad.Result r, double rate, Duration d) {
    Histogram h = r.latencyMicros();
    System.out.printf(
        "%s: sent %d, ok %d, errors %d (%.0f ok/s offered %.0f/s); latency from intended start"
            + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        what,
        r.sent(),
        r.ok(),
        r.errors(),
        r.ok() / (double) d.toSeconds(),
        rate,
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0);
  }

  private static void printMemory(String name, MemorySampler.Stats s) {
    System.out.printf(
        "%-13s %10s %10s %10s %10s  %s%n",
        name,
        mb(s.first),
        mb(s.peak),
        mb(s.last),
        mb(s.hwm),
        s.hwm <= RSS_TARGET_KIB ? "within" : "OVER");
  }

  // ---------------------------------------------------------------------------------------------

  private static URI fhirBase(int port) {
    return URI.create("http://127.0.0.1:" + port + "/fhir");
  }

  private static String mb(long kib) {
    return kib < 0 ? "?" : String.format("%.0f", kib / 1024.0);
  }

  /** Lets the last JVM's exit (page cache, CPU) settle before the next start is timed. */
  private static void pause() throws InterruptedException {
    Thread.sleep(1000);
  }

  static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0
        ? Double.NaN
        : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(d -> d).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
  }
}
