package org.pathway.fhiradapter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.bench.BenchOptions;
import org.pathway.testsupport.database.TestDatabase;

/**
 * Benchmarks B1 and B2. Not a test: a program that prints a report.
 *
 * <p>B1 offers a constant rate of referral Bundles from 64 connections ({@link OpenLoop}) to three
 * endpoints of one running adapter, interleaved per rate step (echo, parse-only, intake; repeated
 * {@code pairs} times): Micronaut's bare {@code POST /echo}, a HAPI parse-only servlet on the FHIR
 * Jetty, and the real intake ({@code POST /fhir}, durable in the ledger with its outbox row before
 * the 2xx). Each step also reports the CPU it cost per answered request: the server side's in this
 * JVM (adapters and broker; the generator's own threads measured and taken out), PostgreSQL's
 * ({@link CpuUse}) and the generator's: figures that, unlike latency, hold on a busy machine and
 * say which side a cost is on. B2 runs {@link EdgeChecksBenchmark} with JMH.
 *
 * <p>Beside them, unless {@code single=false}, the same intake on a second adapter with group
 * commit off (one transaction per referral, as before issue 15), on the same ledger. The echo is
 * called with an operator's token, as the management port requires.
 *
 * <p>Arguments (all optional): {@code rates=200,400,... seconds=4 pairs=5 connections=64 warmup=180
 * warmup-rate=<first rate> b2=true validation=true single=true targets=echo,parse,intake,single};
 * {@code b11} runs benchmark B11 instead (intake with access control on beside an adapter with it
 * off); {@code -Dpathway.ig-dir} adds an operator IG directory to the separately reported profile
 * validation.
 */
public final class IntakeBenchmark {

  private IntakeBenchmark() {}

  /**
   * Time this JVM's JIT compilers have spent compiling, summed over them: growing through a step,
   * it says the step measured code still being compiled.
   */
  private static long jitMillis() {
    var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchOptions.parse(args);
    int[] rates =
        Arrays.stream(opts.getOrDefault("rates", "100,200,400,600,800,1000,1200").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "4"));
    int pairs = Integer.parseInt(opts.getOrDefault("pairs", "5"));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "180"));

    System.out.println("# Pathway fhir-adapter benchmark (B1, B2)");
    System.out.println(
        "cores="
            + Runtime.getRuntime().availableProcessors()
            + " db=postgresql"
            + " connections="
            + connections
            + " step="
            + seconds
            + "s pairs="
            + pairs
            + " (generator shares the adapter's JVM; not pinned to a core)");
    System.out.println("probe: synchronous 4 KiB writes: " + ddProbe());

    String body =
        new ObjectMapper().readTree(Fixtures.text("bench-referral-bundle.json")).toString();
    System.out.println("referral Bundle: " + body.length() + " bytes");
    String template = body.replace("BENCH-000000000000", "%s");
    AtomicLong ids = new AtomicLong();

    if (opts.containsKey("b11")) {
      b11(template, ids, rates, seconds, pairs, connections);
      return;
    }
    try (var kafka = KafkaClusters.forTests();
        var db = TestDatabase.create("fhir_adapter")) {
      kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
      boolean single = !"false".equals(opts.get("single"));
      var singleSettings =
          new java.util.HashMap<String, Object>(
              Map.of(
                  "pathway.bench.enabled",
                  true,
                  "datasources.default.maximum-pool-size",
                  24,
                  "pathway.intake.group-commit",
                  false,
                  // One relay and one applier for the one ledger: the first adapter's.
                  "pathway.outbox.enabled",
                  false,
                  "pathway.applier.enabled",
                  false));
      try (var adapter =
              Adapter.start(
                  db,
                  kafka.bootstrapServers(),
                  Map.of(
                      "pathway.bench.enabled", true, "datasources.default.maximum-pool-size", 24));
          var alone = single ? Adapter.start(db, kafka.bootstrapServers(), singleSettings) : null) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("echo", adapter.managementBase() + "/echo");
        urls.put("parse", adapter.fhirBase().replace("/fhir", "/bench/parse"));
        urls.put("intake", adapter.fhirBase());
        Map<String, Adapter> served = new LinkedHashMap<>();
        urls.keySet().forEach(e -> served.put(e, adapter));
        if (alone != null) {
          // The same intake with one transaction per referral (no group commit), beside it.
          urls.put("single", alone.fhirBase());
          served.put("single", alone);
        }
        if (opts.containsKey("targets")) {
          // Only the endpoints named (e.g. targets=echo,intake), to profile one at a time.
          urls.keySet().retainAll(List.of(opts.get("targets").split(",")));
        }
        java.util.function.Supplier<String> bodies =
            () ->
                String.format(template, "BENCH-" + ids.incrementAndGet() + "-" + System.nanoTime());

        // Until the JIT is quiet, not for a fixed time: a method reaches the optimising compiler
        // after some thousands of calls and then waits its turn in the compilers' queue, and on two
        // busy cores the queue empties slowly. After a fixed 30 s the compilers still worked about
        // one core-second a second through intake's steps, whose CPU and tail were partly theirs.
        int warmupRate = Integer.parseInt(opts.getOrDefault("warmup-rate", "" + rates[0]));
        System.out.println(
            "warm-up: each endpoint at "
                + warmupRate
                + "/s, 5 s at a time, until its JIT compile time is under 100 ms/s (at most "
                + warmup
                + " s)");
        for (String e : urls.keySet()) {
          for (int spent = 0; spent < warmup; spent += 5) {
            long jitFrom = jitMillis();
            OpenLoop.run(
                e, urls.get(e), auth(served.get(e), e), bodies, warmupRate, 5, connections);
            long jit = (jitMillis() - jitFrom) / 5;
            System.out.printf("  %s %d s: jit %d ms/s%n", e, spent + 5, jit);
            if (jit < 100) {
              break;
            }
          }
        }

        // What the JVM and PostgreSQL use with nothing offered: the floor under each step's CPU.
        CpuUse idleFrom = CpuUse.now();
        Thread.sleep(5_000);
        CpuUse idle = CpuUse.now().since(idleFrom);
        System.out.printf(
            "idle: jvm %.0f ms/s, postgresql %.0f ms/s of CPU%n",
            idle.jvmNanos() / 5e6, idle.postgresNanos() / 5e6);

        List<OpenLoop.Run> runs = new ArrayList<>();
        Map<String, Integer> max = new LinkedHashMap<>();
        urls.keySet().forEach(e -> max.put(e, 0));
        System.out.printf(
            "%-7s %6s %4s %9s %8s %8s %6s %12s %11s %11s %8s%n",
            "target",
            "rate",
            "pair",
            "ok/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "srv cpu us/ok",
            "pg cpu us/ok",
            "gen us/ok",
            "jit ms/s");
        for (int rate : rates) {
          Map<String, List<OpenLoop.Run>> step = new LinkedHashMap<>();
          for (int pair = 1; pair <= pairs; pair++) {
            for (String e : urls.keySet()) {
              long jitFrom = jitMillis();
              OpenLoop.Run r =
                  OpenLoop.run(
                      e, urls.get(e), auth(served.get(e), e), bodies, rate, seconds, connections);
              double jit = (jitMillis() - jitFrom) / (double) seconds;
              runs.add(r);
              step.computeIfAbsent(e, k -> new ArrayList<>()).add(r);
              System.out.printf(
                  "%-7s %6d %4d %9.0f %8.1f %8.1f %6d %12.0f %11.0f %11.0f %8.0f%n",
                  e,
                  rate,
                  pair,
                  r.achieved(),
                  r.p50(),
                  r.p99(),
                  r.errors(),
                  r.serverMicrosPerOk(),
                  r.cpu().postgresMicrosPer(r.ok()),
                  r.generatorMicrosPerOk(),
                  jit);
            }
          }
          boolean any = false;
          for (var e : step.entrySet()) {
            long good = e.getValue().stream().filter(OpenLoop.Run::sustained).count();
            if (good * 2 > e.getValue().size()) {
              max.put(e.getKey(), rate);
              any = true;
            }
          }
          for (String reference : List.of("parse", "single")) {
            printP99Ratio(rate, step, "intake", reference, pairs, "");
          }
          if (!any) {
            break;
          }
        }
        System.out.println();
        System.out.println(
            "## B1 result (max offered rate with p99 < 100 ms, no errors, >= 95% achieved, in most pairs)");
        max.forEach((e, r) -> System.out.println("  " + e + ": " + r + " req/s"));
        for (String reference : List.of("single", "parse", "echo")) {
          if (max.containsKey(reference) && max.containsKey("intake")) {
            System.out.printf(
                "  intake / %s max rate: %.2f%s%n",
                reference,
                max.get(reference) == 0 ? 0 : max.get("intake") / (double) max.get(reference),
                "parse".equals(reference) ? " (target >= 0.5)" : "");
          }
        }

        long t0 = System.nanoTime();
        while (adapter.ledger().count("outbox_pending", null) > 0) {
          Thread.sleep(200);
        }
        long events = adapter.ledger().count("outbox", null);
        System.out.printf(
            "  outbox drained %.1f s after the last step; %d events on Kafka%n",
            (System.nanoTime() - t0) / 1e9, events);
      }
    }
    if (!"false".equals(opts.get("b2"))) {
      System.out.println();
      System.out.println("## B2 (JMH, in-process fork=0, avg time per op)");
      String include =
          "false".equals(opts.get("validation"))
              ? EdgeChecksBenchmark.class.getSimpleName()
              : "("
                  + EdgeChecksBenchmark.class.getSimpleName()
                  + "|"
                  + ProfileValidationBenchmark.class.getSimpleName()
                  + ")";
      new Runner(
              new OptionsBuilder()
                  .include(include)
                  .forks(0)
                  .warmupIterations(3)
                  .warmupTime(TimeValue.seconds(2))
                  .measurementIterations(5)
                  .measurementTime(TimeValue.seconds(2))
                  .build())
          .run()
          .forEach(
              r ->
                  System.out.printf(
                      "  %-14s %8.1f us%n",
                      r.getPrimaryResult().getLabel(), r.getPrimaryResult().getScore()));
    }
  }

  /**
   * B11: B1's intake against an adapter with access control on and one with it off (same JVM, same
   * database, same Kafka), interleaved per rate step; reports each one's max sustained rate and the
   * median ratio of their p99s.
   */
  static void b11(
      String template, AtomicLong ids, int[] rates, int seconds, int pairs, int connections)
      throws Exception {
    System.out.println("## B11: intake with access control on vs off");
    try (var kafka = KafkaClusters.forTests();
        var db = TestDatabase.create("fhir_adapter")) {
      kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
      Map<String, Object> common =
          Map.of("pathway.bench.enabled", true, "datasources.default.maximum-pool-size", 12);
      var offSettings = new java.util.HashMap<String, Object>(common);
      offSettings.put("pathway.access.enabled", false);
      try (var on = Adapter.start(db, kafka.bootstrapServers(), common);
          var off = Adapter.start(db, kafka.bootstrapServers(), offSettings)) {
        java.util.function.Supplier<String> bodies =
            () ->
                String.format(template, "BENCH-" + ids.incrementAndGet() + "-" + System.nanoTime());
        OpenLoop.run("on", on.fhirBase(), auth(on, "intake"), bodies, 100, 5, connections);
        OpenLoop.run("off", off.fhirBase(), null, bodies, 100, 5, connections);
        Map<String, Integer> max = new LinkedHashMap<>(Map.of("on", 0, "off", 0));
        System.out.printf(
            "%-4s %6s %4s %9s %8s %8s %6s%n",
            "acl", "rate", "pair", "ok/s", "p50 ms", "p99 ms", "errors");
        for (int rate : rates) {
          Map<String, List<OpenLoop.Run>> step = new LinkedHashMap<>();
          for (int pair = 1; pair <= pairs; pair++) {
            for (String e : List.of("on", "off")) {
              var adapter = "on".equals(e) ? on : off;
              OpenLoop.Run r =
                  OpenLoop.run(
                      e,
                      adapter.fhirBase(),
                      "on".equals(e) ? auth(on, "intake") : null,
                      bodies,
                      rate,
                      seconds,
                      connections);
              step.computeIfAbsent(e, k -> new ArrayList<>()).add(r);
              System.out.printf(
                  "%-4s %6d %4d %9.0f %8.1f %8.1f %6d%n",
                  e, rate, pair, r.achieved(), r.p50(), r.p99(), r.errors());
            }
          }
          boolean any = false;
          for (var e : step.entrySet()) {
            if (e.getValue().stream().filter(OpenLoop.Run::sustained).count() * 2
                > e.getValue().size()) {
              max.put(e.getKey(), rate);
              any = true;
            }
          }
          printP99Ratio(rate, step, "on", "off", pairs, " (target <= 1.1)");
          if (!any) {
            break;
          }
        }
        System.out.println();
        max.forEach((e, r) -> System.out.println("  access " + e + ": max " + r + " req/s"));
        System.out.printf(
            "  max rate on/off: %.2f (target >= 0.9)%n",
            max.get("off") == 0 ? 0 : max.get("on") / (double) max.get("off"));
      }
    }
  }

  /**
   * The Authorization header for {@code endpoint}: a fresh GP token for the FHIR API, an operator's
   * for the echo (the management port answers nothing else), none for the parse-only servlet.
   */
  static String auth(Adapter adapter, String endpoint) {
    return switch (endpoint) {
      case "intake", "single" -> adapter.bearer("practice-a81001");
      case "echo" -> adapter.bearer("operator");
      default -> null;
    };
  }

  /**
   * Prints the median, least and greatest ratio of {@code a}'s p99 to {@code b}'s, pair by pair,
   * then {@code note}; nothing when either did not run.
   */
  static void printP99Ratio(
      int rate, Map<String, List<OpenLoop.Run>> step, String a, String b, int pairs, String note) {
    if (!step.containsKey(a) || !step.containsKey(b)) {
      return;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      ratios.add(step.get(a).get(i).p99() / step.get(b).get(i).p99());
    }
    System.out.printf(
        "rate %d: p99 %s/%s median %.2f (min %.2f, max %.2f)%s%n",
        rate,
        a,
        b,
        median(ratios),
        ratios.stream().mapToDouble(d -> d).min().orElse(0),
        ratios.stream().mapToDouble(d -> d).max().orElse(0),
        note);
  }

  static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0
        ? 0
        : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String ddProbe() {
    try {
      var file = java.nio.file.Files.createTempFile("dd-probe-", ".bin");
      var p =
          new ProcessBuilder(
                  "dd", "if=/dev/zero", "of=" + file, "bs=4k", "count=500", "oflag=dsync")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      java.nio.file.Files.deleteIfExists(file);
      String[] lines = out.split("\n");
      return lines[lines.length - 1];
    } catch (Exception e) {
      return "unavailable (" + e.getMessage() + ")";
    }
  }
}
