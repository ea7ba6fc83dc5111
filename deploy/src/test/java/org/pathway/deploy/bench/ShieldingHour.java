package org.pathway.deploy.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.testsupport.bench.BenchOptions;

/**
 * Benchmark B6, the shielding hour: a mass letter's worth of referrals accepted at B1's rate, then
 * drained through the whole pathway, with the three ledgers of the reliability brief compared as
 * sets: the referrals the GP got a 2xx for, the facilitator notices the group's endpoint received,
 * and the Task updates the GP's FHIR endpoint received. Pass: no acknowledged referral without its
 * facilitator notice (0 lost) and no referral whose facilitator was told twice (0 duplicates).
 *
 * <p>The platform is {@link BenchPlatform} (dev mode, access control on, signed webhooks to a
 * receiver in this JVM). Each referral's journey has no human think time: an {@link
 * InstantLinkWorker} accepts each referral when its notice arrives and refers the person on to a
 * group. The drain is compared with a bare {@code KafkaConsumer} loop (decode every event with
 * Pathway's deserializer, commit after each poll) reading the same run's referral events on the
 * same broker afterwards: the consuming half of B4's bare loop, whose decision needs the router's
 * harness, which this module does not carry.
 *
 * <p>Run: {@code ./mvnw -q -pl deploy -am -DskipTests package exec:java@b6 -Dexec.args="b1=800
 * referrals=1000000 drain=3600"}. Other arguments: {@code connections=64 progress=10 warmup=1000}
 * ({@code warmup} referrals offered at the same rate and drained before the run, which its CPU,
 * rates and comparisons leave out; its referrals are in the ledgers all the same).
 */
public final class ShieldingHour {

  private ShieldingHour() {}

  /** Count per correlation id: one of the ledgers. */
  private static final class Ledger {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts one more for {@code correlationId}; true if it is the first. */
    boolean add(String correlationId) {
      return counts.computeIfAbsent(correlationId, c -> new AtomicInteger()).incrementAndGet() == 1;
    }

    boolean has(String correlationId) {
      return counts.containsKey(correlationId);
    }

    /** Of {@code ids}, how many this ledger lacks. */
    long missingOf(Set<String> ids) {
      return ids.stream().filter(id -> !counts.containsKey(id)).count();
    }

    /** Correlation ids counted more than once. */
    long repeated() {
      return counts.values().stream().filter(c -> c.get() > 1).count();
    }

    /** Counted ids outside {@code ids} (what no acknowledged referral explains). */
    long outside(Set<String> ids) {
      return counts.keySet().stream().filter(id -> !ids.contains(id)).count();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchOptions.parse(args);
    double rate = Double.parseDouble(opts.getOrDefault("b1", "800"));
    long referrals = Long.parseLong(opts.getOrDefault("referrals", "1000000"));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
    Duration drainLimit = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("drain", "3600")));
    Duration progress = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("progress", "10")));
    long warmup = Long.parseLong(opts.getOrDefault("warmup", "1000"));
    System.out.printf(
        "B6 shielding hour: %,d referrals offered at %.0f/s (B1's rate) over %d connections, then"
            + " drained (at most %d s); targets: accept >= 1,000/s, drain >= 0.7x the bare loop,"
            + " 0 lost, 0 duplicate facilitator notices%n",
        referrals, rate, connections, drainLimit.toSeconds());

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Ledger linkWorkerTold = new Ledger();
    Ledger facilitatorTold = new Ledger();
    Ledger gpUpdated = new Ledger();
    AtomicLong lastFacilitatorNanos = new AtomicLong();
    LongAdder linkWorkerGaveUp = new LongAdder();
    ExecutorService linkWorkers = Executors.newFixedThreadPool(32);
    try (BenchPlatform platform =
        BenchPlatform.start(
            "b6",
            (d, linkWorker) -> {
              if (NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id().equals(d.templateId())) {
                if (linkWorkerTold.add(d.correlationId())) {
                  linkWorkers.execute(
                      () -> {
                        try {
                          linkWorker.act(d.taskId(), d.correlationId());
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        } catch (Exception e) {
                          linkWorkerGaveUp.increment();
                        }
                      });
                }
              } else if (EndToEndBenchmark.FACILITATOR_TOLD.contains(d.templateId())) {
                facilitatorTold.add(d.correlationId());
                lastFacilitatorNanos.set(System.nanoTime());
              }
            })) {
      platform.onGpTaskUpdate((correlationId, arrivedNanos) -> gpUpdated.add(correlationId));
      if (warmup > 0) {
        // The same journeys first, drained, so the measured run finds the services' code compiled
        // (in a cold run the JIT's compiler threads took a third of some services' CPU).
        System.out.printf(
            "warm-up: %,d referrals at %.0f/s, drained before the run%n", warmup, rate);
        Phase warm =
            offerAndDrain(
                platform,
                rate,
                warmup,
                connections,
                drainLimit,
                progress,
                facilitatorTold,
                lastFacilitatorNanos);
        acknowledged.addAll(warm.acknowledged());
      }
      PlatformCpu cpu = new PlatformCpu(platform.dev().services());
      Tally cpuBefore = cpu.now();
      DatabaseCommits commits = new DatabaseCommits(platform.dev().databases());
      Tally commitsBefore = commits.now();
      System.out.printf("run: %,d referrals at %.0f/s%n", referrals, rate);
      Phase run =
          offerAndDrain(
              platform,
              rate,
              referrals,
              connections,
              drainLimit,
              progress,
              facilitatorTold,
              lastFacilitatorNanos);
      acknowledged.addAll(run.acknowledged());
      System.out.println(
          "  CPU by process, ms per referral accepted: "
              + PlatformCpu.perReferral(cpu.now().since(cpuBefore), run.accepted().ok()));
      System.out.println(
          "  commits by service database, per referral accepted: "
              + DatabaseCommits.perReferral(
                  commits.now().since(commitsBefore), run.accepted().ok()));
      ReferralLoad.Result accepted = run.accepted();
      long told = run.told();

      Bare bare = bareLoop(platform.dev().kafka().bootstrapServers());
      double eventsPerReferral = bare.events() / (double) Math.max(1, acknowledged.size());
      double bareReferralsPerSecond = bare.events() / bare.seconds() / eventsPerReferral;
      double pathwayRate = told / run.wholeSeconds();
      double drainRate = (told - run.toldAtIntakeEnd()) / run.drainSeconds();

      long lost = facilitatorTold.missingOf(acknowledged);
      System.out.println();
      System.out.println("B6 summary");
      System.out.printf(
          "  accept: %,d referrals acknowledged at %.0f/s (target >= 1,000/s), POST p99 %.1f ms%n",
          run.acknowledged().size(),
          accepted.ok() / run.acceptSeconds(),
          accepted.latencyMicros().getValueAtPercentile(99) / 1000.0);
      System.out.printf(
          "  drain: every journey done %.1f s after the last POST; %.1f journeys/s from the first"
              + " POST to the last facilitator notice, %.1f/s after intake ended%n",
          run.drainSeconds(), pathwayRate, drainRate);
      System.out.printf(
          "  reference, bare consumer loop over the topic's %,d referral events (warm-up included,"
              + " %.1f a referral):"
              + " %.0f events/s, %.0f referrals/s; pathway/bare %.4f (target >= 0.7)%n",
          bare.events(),
          eventsPerReferral,
          bare.events() / bare.seconds(),
          bareReferralsPerSecond,
          pathwayRate / bareReferralsPerSecond);
      System.out.println("  referral events by type: " + bare.byType());
      System.out.printf(
          "  ledgers (warm-up included): acknowledged %,d; link worker told %,d (twice or more: %,d); facilitator told"
              + " %,d (twice or more: %,d; unexplained by an acknowledgement: %,d); GP endpoint"
              + " updated for %,d%n",
          acknowledged.size(),
          acknowledged.size() - linkWorkerTold.missingOf(acknowledged),
          linkWorkerTold.repeated(),
          acknowledged.size() - lost,
          facilitatorTold.repeated(),
          facilitatorTold.outside(acknowledged),
          acknowledged.size() - gpUpdated.missingOf(acknowledged));
      System.out.printf(
          "  lost %,d, duplicate facilitator notices %,d%s; the link worker gave up on %,d%n",
          lost,
          facilitatorTold.repeated(),
          lost + facilitatorTold.repeated() == 0 ? " (pass)" : " (FAIL)",
          linkWorkerGaveUp.sum());
      System.out.println(platform.deliveries());
      System.out.println("load average at end: " + Probes.loadAverage());
    } finally {
      linkWorkers.shutdownNow();
    }
  }

  /** One letter's acceptance and drain: what was acknowledged, and when each part ended. */
  private record Phase(
      Set<String> acknowledged,
      ReferralLoad.Result accepted,
      double acceptSeconds,
      long toldAtIntakeEnd,
      long told,
      double drainSeconds,
      double wholeSeconds) {}

  /**
   * Offers {@code referrals} at {@code rate}, each timed from its intended start, then waits until
   * every acknowledged one's facilitator has been told (or {@code drainLimit}), printing progress
   * and every consumer group's backlog.
   */
  private static Phase offerAndDrain(
      BenchPlatform platform,
      double rate,
      long referrals,
      int connections,
      Duration drainLimit,
      Duration progress,
      Ledger facilitatorTold,
      AtomicLong lastFacilitatorNanos)
      throws InterruptedException {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    long firstPost = System.nanoTime();
    ReferralLoad.Result accepted =
        platform
            .load(connections)
            .run(
                rate,
                Duration.ofMillis(Math.round(referrals * 1000.0 / rate)),
                (correlationId, intended, answered, status) -> {
                  if (status / 100 == 2) {
                    acknowledged.add(correlationId);
                  }
                });
    long intakeEnded = System.nanoTime();
    double acceptSeconds = (intakeEnded - firstPost) / 1e9;
    long toldAtIntakeEnd = countIn(facilitatorTold, acknowledged);
    System.out.printf(
        "accepted %,d of %,d (refused or unanswered %,d) in %.1f s: %.0f referrals/s; POST p50"
            + " %.1f ms, p99 %.1f ms; facilitators told so far %,d%n",
        accepted.ok(),
        accepted.sent(),
        accepted.errors(),
        acceptSeconds,
        accepted.ok() / acceptSeconds,
        accepted.latencyMicros().getValueAtPercentile(50) / 1000.0,
        accepted.latencyMicros().getValueAtPercentile(99) / 1000.0,
        toldAtIntakeEnd);
    long deadline = intakeEnded + drainLimit.toNanos();
    long told;
    while ((told = countIn(facilitatorTold, acknowledged)) < acknowledged.size()
        && System.nanoTime() < deadline) {
      Thread.sleep(progress.toMillis());
      System.out.printf(
          "  drain %4.0f s: facilitators told %,d of %,d; backlog %s%n",
          (System.nanoTime() - intakeEnded) / 1e9,
          countIn(facilitatorTold, acknowledged),
          acknowledged.size(),
          platform.lag().now(""));
    }
    long drainedAt = told == acknowledged.size() ? lastFacilitatorNanos.get() : System.nanoTime();
    return new Phase(
        acknowledged,
        accepted,
        acceptSeconds,
        toldAtIntakeEnd,
        told,
        Math.max(1e-3, (drainedAt - intakeEnded) / 1e9),
        (drainedAt - firstPost) / 1e9);
  }

  private static long countIn(Ledger ledger, Set<String> ids) {
    return ids.stream().filter(ledger::has).count();
  }

  /**
   * An event's type; for a Task's change also what changed (status and business status, before and
   * after), so a run's extra events say which changes they announced.
   */
  private static String kind(SpecificRecord event) {
    if (event instanceof TaskStatusChanged c) {
      return String.format(
          "TaskStatusChanged %s>%s (%s>%s)",
          c.getPreviousStatus(),
          c.getStatus(),
          c.getPreviousBusinessStatus() == null ? "-" : c.getPreviousBusinessStatus().getCode(),
          c.getBusinessStatus() == null ? "-" : c.getBusinessStatus().getCode());
    }
    return event.getClass().getSimpleName();
  }

  /** What the bare loop read (in all and by event type), and how long it took. */
  private record Bare(long events, Map<String, Long> byType, double seconds) {}

  /**
   * A bare {@code KafkaConsumer} in a new group reads {@code pathway.referral.events} from the
   * start to the end it had when the loop began, decoding each event, committing after each poll.
   */
  private static Bare bareLoop(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "b6-bare-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    String topic = Topics.REFERRAL_EVENTS.name();
    EventDeserializer events = new EventDeserializer();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
              .toList();
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      consumer.subscribe(Set.of(topic));
      long read = 0;
      Map<String, Long> byType = new java.util.TreeMap<>();
      long started = System.nanoTime();
      while (read < total) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          byType.merge(kind(events.deserialize(topic, r.headers(), r.value())), 1L, Long::sum);
          read++;
        }
        consumer.commitSync();
      }
      return new Bare(read, byType, (System.nanoTime() - started) / 1e9);
    }
  }
}
