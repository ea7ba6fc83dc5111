package org.pathway.deploy.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.EndToEndLatency;
import org.pathway.deploy.PathwayDev;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.testsupport.bench.BenchOptions;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * Benchmark B5: end-to-end latency of the whole pathway at 10, 50 and 80 % of B1's maximum intake
 * rate, beside Kafka's own {@code EndToEndLatency} tool on the same broker, interleaved (Pathway
 * run, reference run, ...) for several pairs.
 *
 * <p>The platform is dev mode (in-process Kafka, the three services in their own JVMs on embedded
 * PostgreSQL, the demo GP system), with the directory's email channels turned into signed webhooks
 * to {@link WebhookReceiver} so arrivals can be timed exactly. Each referral's journey, with no
 * human think time: the GP POSTs it at its scheduled time; the link-worker service is notified; an
 * {@link InstantLinkWorker} accepts it and refers the person on to a group; the facilitator is
 * notified and the GP's FHIR endpoint receives the Task update. Latency is from the scheduled send
 * (no coordinated omission) to the later of the last two.
 *
 * <p>Run: {@code ./mvnw -q -pl deploy -am -DskipTests package exec:java@b5 -Dexec.args="b1=200
 * loads=10,50,80 seconds=20 pairs=5 warmup=30"}.
 */
public final class EndToEndBenchmark {

  private static final String REFERENCE_TOPIC = "b5-reference";

  /** A new member's facilitator is told one of two ways, by whether the group has a place. */
  static final Set<String> FACILITATOR_TOLD =
      Set.of(
          NotificationTemplates.FACILITATOR_NEW_MEMBER.id(),
          NotificationTemplates.FACILITATOR_WAITLIST.id());

  private static final Pattern PERCENTILES =
      Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)");

  /** The reference's figures, in milliseconds as the tool prints them. */
  record Reference(long p50, long p99) {}

  /** One Pathway run and the reference run beside it. */
  record Pair(int loadPercent, Journeys.Hops pathway, ReferralLoad.Result load, Reference kafka) {}

  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchOptions.parse(args);
    double b1Max = Double.parseDouble(opts.getOrDefault("b1", "200"));
    List<Integer> loads =
        Arrays.stream(opts.getOrDefault("loads", "10,50,80").split(","))
            .map(Integer::parseInt)
            .toList();
    Duration runFor = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("seconds", "20")));
    int pairs = Integer.parseInt(opts.getOrDefault("pairs", "5"));
    int referenceRecords = Integer.parseInt(opts.getOrDefault("records", "1000"));
    Duration drainLimit = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("drain", "60")));
    Duration warmup = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup", "30")));

    System.out.printf(
        "B5 end-to-end latency: B1 max %.0f/s, loads %s %%, %d s per run, %d pairs,"
            + " reference EndToEndLatency %d records%n",
        b1Max, loads, runFor.toSeconds(), pairs, referenceRecords);
    AtomicReference<Journeys> current = new AtomicReference<>(new Journeys());
    ExecutorService linkWorkers = Executors.newFixedThreadPool(32);
    try (BenchPlatform platform =
            BenchPlatform.start(
                "b5", (d, linkWorker) -> onDelivery(d, current.get(), linkWorker, linkWorkers));
        ReportingLag reporting = new ReportingLag(platform.lag());
        HopTimes hopTimes = new HopTimes(platform.dev().kafka().bootstrapServers())) {
      PathwayDev dev = platform.dev();
      GroupLag lag = platform.lag();
      platform.onGpTaskUpdate(
          (correlationId, arrivedNanos) -> {
            Journeys.Journey j = current.get().of(correlationId);
            if (j.gpUpdated == 0) {
              j.gpUpdated = arrivedNanos;
            }
          });
      ReferralLoad load = platform.load(64);
      String bootstrap = dev.kafka().bootstrapServers();

      PlatformCpu cpu = new PlatformCpu(dev.services());
      // Five JVMs start cold: measured at once, their JIT compilers take much of the two cores.
      System.out.println("warm-up: " + warmup.toSeconds() + " s at the lowest load, not recorded");
      run(
          load,
          lag,
          reporting,
          hopTimes,
          cpu,
          current,
          b1Max * loads.get(0) / 100.0,
          warmup,
          drainLimit);
      System.out.println("  webhook deliveries so far: " + platform.delivered());
      reference(bootstrap, referenceRecords);

      List<Pair> results = new ArrayList<>();
      for (int pair = 1; pair <= pairs; pair++) {
        for (int percent : loads) {
          double rate = b1Max * percent / 100.0;
          System.out.printf("pair %d, %d %% load (%.0f referrals/s):%n", pair, percent, rate);
          var outcome = run(load, lag, reporting, hopTimes, cpu, current, rate, runFor, drainLimit);
          Reference kafka = reference(bootstrap, referenceRecords);
          Pair p = new Pair(percent, outcome.hops(), outcome.load(), kafka);
          results.add(p);
          print(p);
        }
      }
      summarise(results, loads);
      System.out.println(platform.deliveries());
      System.out.println("load average at end: " + Probes.loadAverage());
    } finally {
      linkWorkers.shutdownNow();
    }
  }

  private record Outcome(Journeys.Hops hops, ReferralLoad.Result load) {}

  /** One Pathway run: constant-rate referrals, then wait for the journeys to finish. */
  private static Outcome run(
      ReferralLoad load,
      GroupLag lag,
      ReportingLag reporting,
      HopTimes hopTimes,
      PlatformCpu cpu,
      AtomicReference<Journeys> current,
      double rate,
      Duration runFor,
      Duration drainLimit)
      throws InterruptedException {
    Journeys journeys = new Journeys();
    current.set(journeys);
    reporting.reset();
    hopTimes.clear();
    Tally cpuBefore = cpu.now();
    ReferralLoad.Result result =
        load.run(
            rate,
            runFor,
            (correlationId, intended, answered, status) -> {
              Journeys.Journey j = journeys.of(correlationId);
              if (status / 100 == 2) {
                j.referralSent = intended;
              } else {
                j.failure = "referral answered " + status;
              }
            });
    reporting.loadEnded();
    System.out.println(
        "  backlog when the last referral was answered: " + lag.now(REFERENCE_TOPIC));
    long deadline = System.nanoTime() + drainLimit.toNanos();
    long outstanding;
    while ((outstanding = journeys.outstanding()) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (outstanding > 0) {
      System.out.printf(
          "  %d journeys still unfinished %d s after the last referral%n",
          outstanding, drainLimit.toSeconds());
      System.out.println("  backlog then: " + lag.now(REFERENCE_TOPIC));
    }
    System.out.println("  " + reporting.seen(drainLimit));
    System.out.print(hopTimes.report(journeys));
    System.out.println(
        "  CPU by process, ms per referral sent (from the first POST until the journeys finished"
            + " or the drain ran out): "
            + PlatformCpu.perReferral(cpu.now().since(cpuBefore), result.sent()));
    return new Outcome(journeys.hops(), result);
  }

  // The first few reasons a link worker gave up, so a failed run says why.
  private static final AtomicInteger FAILURES_SHOWN = new AtomicInteger();

  private static void onDelivery(
      BenchPlatform.Delivery d,
      Journeys journeys,
      InstantLinkWorker linkWorker,
      ExecutorService linkWorkers) {
    Journeys.Journey j = journeys.of(d.correlationId());
    if (NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id().equals(d.templateId())) {
      if (j.linkWorkerNotified != 0) {
        return; // a redelivery: the link worker has already acted
      }
      j.linkWorkerNotified = d.arrivedNanos();
      linkWorkers.execute(
          () -> {
            try {
              InstantLinkWorker.Actions done = linkWorker.act(d.taskId(), d.correlationId());
              j.acceptSent = done.acceptSentNanos();
              j.onwardSent = done.onwardSentNanos();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (Exception e) {
              j.failure = String.valueOf(e);
              if (FAILURES_SHOWN.getAndIncrement() < 5) {
                System.out.println("  link worker gave up: " + e);
              }
            }
          });
    } else if (FACILITATOR_TOLD.contains(d.templateId()) && j.facilitatorNotified == 0) {
      j.facilitatorNotified = d.arrivedNanos();
    }
  }

  /** Kafka's EndToEndLatency on the platform's broker: one record at a time, acks=all. */
  private static Reference reference(String bootstrap, int records) {
    String topic = REFERENCE_TOPIC;
    String[] args = {
      "--bootstrap-server",
      bootstrap,
      "--topic",
      topic,
      "--num-records",
      "" + records,
      "--producer-acks",
      "all",
      "--record-size",
      "512"
    };
    PrintStream console = System.out;
    var captured = new ByteArrayOutputStream();
    int[] status = {0};
    Exit.setExitProcedure((code, message) -> status[0] = code);
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EndToEndLatency.main(args);
    } finally {
      System.setOut(console);
      Exit.resetExitProcedure();
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    Matcher m = PERCENTILES.matcher(output);
    if (status[0] != 0 || !m.find()) {
      throw new IllegalStateException("EndToEndLatency failed (" + status[0] + "):\n" + output);
    }
    return new Reference(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  private static void print(Pair p) {
    Journeys.Hops h = p.pathway();
    System.out.printf(
        "  pathway: %d sent, %d refused, %d complete, %d unfinished, %d failed;" + " POST p99 %s%n",
        p.load().sent(),
        p.load().errors(),
        h.complete(),
        h.incomplete(),
        h.failed(),
        ms(p.load().latencyMicros(), 99));
    System.out.printf(
        "    GP POST -> link worker notified   p50 %s  p99 %s%n",
        ms(h.referralToLinkWorker(), 50), ms(h.referralToLinkWorker(), 99));
    System.out.printf(
        "    accept -> GP endpoint updated     p50 %s  p99 %s%n",
        ms(h.acceptToGp(), 50), ms(h.acceptToGp(), 99));
    System.out.printf(
        "    onward POST -> facilitator told   p50 %s  p99 %s%n",
        ms(h.onwardToFacilitator(), 50), ms(h.onwardToFacilitator(), 99));
    System.out.printf(
        "    whole journey                     p50 %s  p99 %s%n",
        ms(h.whole(), 50), ms(h.whole(), 99));
    System.out.printf(
        "  reference EndToEndLatency: p50 %d ms  p99 %d ms%n", p.kafka().p50(), p.kafka().p99());
  }

  private static void summarise(List<Pair> results, List<Integer> loads) {
    System.out.println();
    System.out.println(
        "B5 summary (median over pairs, [min-max]); target: whole-journey p99 <= 3x"
            + " the reference's p99 + stub time (stubs are timed on arrival, so 0), and < 250 ms at"
            + " 50 % load");
    for (int percent : loads) {
      List<Pair> at = results.stream().filter(p -> p.loadPercent() == percent).toList();
      double[] whole = at.stream().mapToDouble(p -> p99Ms(p.pathway().whole())).sorted().toArray();
      double[] hop =
          at.stream()
              .mapToDouble(p -> p99Ms(p.pathway().referralToLinkWorker()))
              .sorted()
              .toArray();
      double[] kafka = at.stream().mapToDouble(p -> p.kafka().p99()).sorted().toArray();
      double[] ratio =
          at.stream()
              .mapToDouble(p -> p99Ms(p.pathway().whole()) / Math.max(1, p.kafka().p99()))
              .sorted()
              .toArray();
      long unfinished =
          at.stream().mapToLong(p -> p.pathway().incomplete() + p.pathway().failed()).sum();
      long refused = at.stream().mapToLong(p -> p.load().errors()).sum();
      System.out.printf(
          "  %3d %%: whole p99 %.0f ms [%.0f-%.0f]; one hop (POST -> link worker) p99 %.0f ms;"
              + " reference p99 %.0f ms [%.0f-%.0f]; ratio %.1f [%.1f-%.1f] (target <= 3);"
              + " unfinished or failed %d, refused %d%s%n",
          percent,
          median(whole),
          whole[0],
          whole[whole.length - 1],
          median(hop),
          median(kafka),
          kafka[0],
          kafka[kafka.length - 1],
          median(ratio),
          ratio[0],
          ratio[ratio.length - 1],
          unfinished,
          refused,
          unfinished + refused > 0 ? "  (NOT VALID: journeys lost or refused at this load)" : "");
    }
  }

  private static double p99Ms(Histogram h) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0;
  }

  private static String ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0
        ? "-"
        : String.format("%.1f ms", h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
