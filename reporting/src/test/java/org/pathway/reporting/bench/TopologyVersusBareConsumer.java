package org.pathway.reporting.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.JourneyFold;
import org.pathway.reporting.streams.JourneyTopology;
import org.pathway.reporting.streams.StreamsProperties;
import org.pathway.reporting.support.JourneyScript;

/**
 * Benchmark B10: referral events into the reporting topology (Kafka Streams, journeys store with
 * its changelog, at-least-once) beside a bare {@code KafkaConsumer} reading the same topic with the
 * same deserializer and folding each event with the same {@link JourneyFold} into a {@code HashMap}
 * ({@code -Db10.bare=decode}: decoding only), on the same broker, trials interleaved A B B A ….
 * Each trial reads the whole topic from the start in a new group (the topology: a new application
 * id and state directory, otherwise the service's own properties from {@link StreamsProperties};
 * {@code -Db10.commit-ms}, {@code -Db10.threads}, {@code -Db10.kept} (journeys kept per task) and
 * {@code -Db10.streams.<property>} override). Each trial is split into start-up (until Streams is
 * RUNNING or the consumer has its partitions), processing (until the last event is processed) and
 * commit wait (until the group's committed offsets reach the end); the bare consumer's {@code
 * close()} is not timed, as the topology's is not. The median ratio of the rates, with its range,
 * is printed over the whole trial, after start-up and for the processing phase alone, with the CPU
 * time per event of each side's own threads (the in-process broker's is neither's). One warm-up
 * pair ({@code -Db10.warmup}) runs first and is not counted. {@code -Db10.reference=dsl} puts the
 * former DSL aggregate in the bare consumer's place, so one JVM compares the two topologies. Each
 * journey's eight events are published together unless {@code -Db10.order=steps} publishes every
 * journey's first, then every second, and so on (the journeys store then writes a journey for
 * nearly every event), or {@code -Db10.order=inflight -Db10.window=N} interleaves them as a pathway
 * under load would, N journeys in flight at a time.
 *
 * <p>{@code ./mvnw -q -pl reporting -am -DskipTests test-compile exec:java@b10 -Db10.journeys=3000
 * -Db10.pairs=5}
 */
public final class TopologyVersusBareConsumer {

  private static final String TOPIC = Topics.REFERRAL_EVENTS.name();

  /** The service's default commit interval ({@code REPORTING_COMMIT_INTERVAL}, 1 s). */
  private static final Duration COMMIT_INTERVAL =
      Duration.ofMillis(Long.getLong("b10.commit-ms", 1000));

  /** Journeys kept per task: the service's default ({@code REPORTING_KEPT_JOURNEYS}, 4,096). */
  private static final int KEPT_JOURNEYS = Integer.getInteger("b10.kept", 4096);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private TopologyVersusBareConsumer() {}

  public static void main(String[] args) throws Exception {
    int journeys = Integer.getInteger("b10.journeys", 3000);
    int pairs = Integer.getInteger("b10.pairs", 5);
    System.out.println("B10: load average at start " + loadAverage());
    try (KafkaCluster kafka = KafkaClusters.forTests()) {
      kafka.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1)));
      long records = publish(kafka, journeys);
      System.out.printf(
          "B10: %d journeys, %d events on %s (%s), %s; %d journeys kept per task%n",
          journeys, records, TOPIC, kafka.description(), orderDescription(), KEPT_JOURNEYS);
      List<Double> ratios = new ArrayList<>();
      List<Double> steadyRatios = new ArrayList<>();
      List<Double> processingRatios = new ArrayList<>();
      List<Double> topologyRates = new ArrayList<>();
      List<Double> bareRates = new ArrayList<>();
      List<Double> topologyCpu = new ArrayList<>();
      List<Double> bareCpu = new ArrayList<>();
      // The first trials in the JVM pay the JIT for the code both sides share (the Avro decoding,
      // the fold) and for their own: a discarded warm-up pair keeps that out of the figures.
      int warmups = Integer.getInteger("b10.warmup", 1);
      for (int w = 0; w < warmups; w++) {
        Trial t = topology(kafka, records, 100 + w);
        Trial b = reference(kafka, records, 100 + w);
        System.out.printf(
            "  warm-up %d (not counted): topology %s; bare %s%n", w + 1, t.phases(), b.phases());
      }
      for (int pair = 0; pair < pairs; pair++) {
        boolean topologyFirst = pair % 2 == 0;
        Trial a = topologyFirst ? topology(kafka, records, pair) : reference(kafka, records, pair);
        Trial b = topologyFirst ? reference(kafka, records, pair) : topology(kafka, records, pair);
        Trial topology = topologyFirst ? a : b;
        Trial bare = topologyFirst ? b : a;
        topologyRates.add(topology.whole());
        bareRates.add(bare.whole());
        ratios.add(topology.whole() / bare.whole());
        steadyRatios.add(topology.afterStart() / bare.afterStart());
        processingRatios.add(topology.processing() / bare.processing());
        topologyCpu.add(topology.cpuNanos() / 1e3 / records);
        bareCpu.add(bare.cpuNanos() / 1e3 / records);
        System.out.printf(
            "  pair %d: ratio %.2f whole, %.2f after start-up, %.2f processing; load %s%n"
                + "    topology %.0f events/s: %s%n    bare     %.0f events/s: %s%n",
            pair + 1,
            topology.whole() / bare.whole(),
            topology.afterStart() / bare.afterStart(),
            topology.processing() / bare.processing(),
            loadAverage(),
            topology.whole(),
            topology.phases(),
            bare.whole(),
            bare.phases());
      }
      for (List<Double> l :
          List.of(
              ratios,
              steadyRatios,
              processingRatios,
              topologyRates,
              bareRates,
              topologyCpu,
              bareCpu)) {
        Collections.sort(l);
      }
      System.out.printf(
          "B10 result: %d pairs, bare consumer %s; topology/bare rate ratio, median (min-max):"
              + " whole trial %s, after start-up %s, processing phase %s; topology median %.0f"
              + " events/s, bare median %.0f events/s; CPU per event median topology %.1f us,"
              + " bare %.1f us; target >= 0.70%n",
          pairs,
          "dsl".equals(System.getProperty("b10.reference"))
              ? "replaced by the DSL aggregate (-Db10.reference=dsl)"
              : "decode".equals(System.getProperty("b10.bare", "fold"))
                  ? "decoding"
                  : "decoding+folding",
          spread(ratios),
          spread(steadyRatios),
          spread(processingRatios),
          median(topologyRates),
          median(bareRates),
          median(topologyCpu),
          median(bareCpu));
    }
    System.out.println("B10: load average at end " + loadAverage());
  }

  /**
   * One trial's phases (nanoTime): created, ready to process (Streams RUNNING, the bare consumer's
   * partitions assigned), last event processed, offsets committed at the end; and the CPU time of
   * the client's own threads.
   */
  private record Trial(
      long created, long ready, long processed, long committed, long cpuNanos, long records) {

    double whole() {
      return records / ((committed - created) / 1e9);
    }

    double afterStart() {
      return records / ((committed - ready) / 1e9);
    }

    double processing() {
      return records / ((processed - ready) / 1e9);
    }

    String phases() {
      return String.format(
          "start-up %.2f s, processing %.2f s, commit wait %.2f s, %.1f us CPU/event",
          (ready - created) / 1e9,
          (processed - ready) / 1e9,
          (committed - processed) / 1e9,
          cpuNanos / 1e3 / records);
    }
  }

  private static String spread(List<Double> sorted) {
    return String.format(
        "%.2f (%.2f-%.2f)", median(sorted), sorted.get(0), sorted.get(sorted.size() - 1));
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String loadAverage() throws java.io.IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }

  private static String orderDescription() {
    return switch (System.getProperty("b10.order", "journeys")) {
      case "steps" -> "step by step across journeys (-Db10.order=steps)";
      case "inflight" ->
          "interleaved, "
              + window()
              + " journeys in flight at a time (-Db10.order=inflight -Db10.window)";
      default -> "each journey's events together";
    };
  }

  /** How many journeys {@code -Db10.order=inflight} keeps in flight at once. */
  private static int window() {
    return Integer.getInteger("b10.window", 2000);
  }

  private static long publish(KafkaCluster kafka, int journeys) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    long count = 0;
    String order = System.getProperty("b10.order", "journeys");
    boolean byStep = "steps".equals(order);
    boolean inFlight = "inflight".equals(order);
    List<JourneyScript> scripts = new ArrayList<>();
    Instant start = Instant.parse("2026-01-05T09:00:00Z");
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(config, new StringSerializer(), new EventSerializer())) {
      for (int i = 0; i < journeys; i++) {
        JourneyScript j =
            JourneyScript.referral(
                    "bench-" + i,
                    start.plusSeconds(i * 60L),
                    "A8100" + (i % 5),
                    "U" + (i % 3),
                    "wellbeing",
                    i % 2 == 0 ? "female" : "male",
                    "ABCMNR".substring(i % 6, i % 6 + 1),
                    "45-64",
                    1 + i % 10)
                .accepted(1, "lw-" + i % 4)
                .business(3, "first-conversation-held", "lw-" + i % 4)
                .score(3, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 7 + i % 20)
                .onward(5, "lw-" + i % 4, "group-" + i % 7)
                .group(9, "session-attended", "group-" + i % 7)
                .score(40, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 10 + i % 25)
                .completed(40, "lw-" + i % 4);
        if (byStep || inFlight) {
          scripts.add(j);
        } else {
          for (SpecificRecord e : j.events()) {
            producer.send(new ProducerRecord<>(TOPIC, j.referralId(), e));
            count++;
          }
        }
      }
      // -Db10.order=steps: every journey's first event, then every journey's second, and so on,
      // so no journey's next event comes before a task has seen thousands of others.
      for (int step = 0; byStep && step < scripts.get(0).events().size(); step++) {
        for (JourneyScript j : scripts) {
          producer.send(new ProducerRecord<>(TOPIC, j.referralId(), j.events().get(step)));
          count++;
        }
      }
      // -Db10.order=inflight: a pathway under load, every journey's events in order but each
      // between the events of the other journeys in flight: the next event of each of the window's
      // journeys in turn, a new journey joining as one finishes.
      if (inFlight) {
        ArrayDeque<Integer> active = new ArrayDeque<>();
        int[] next = new int[scripts.size()];
        int started = 0;
        while (started < scripts.size() || !active.isEmpty()) {
          while (active.size() < window() && started < scripts.size()) {
            active.add(started++);
          }
          int i = active.poll();
          JourneyScript j = scripts.get(i);
          producer.send(new ProducerRecord<>(TOPIC, j.referralId(), j.events().get(next[i]++)));
          count++;
          if (next[i] < j.events().size()) {
            active.add(i);
          }
        }
      }
      producer.flush();
    }
    return count;
  }

  /** Events per second through the topology, from start to committed end offsets. */
  /**
   * The reference trial: the bare consumer, or with {@code -Db10.reference=dsl} the former DSL
   * aggregate, so one JVM compares the two topologies (the ratio is then topology/DSL).
   */
  private static Trial reference(KafkaCluster kafka, long records, int pair) throws Exception {
    return "dsl".equals(System.getProperty("b10.reference"))
        ? topology(kafka, records, "b10-dsl-" + pair, DslAggregateTopology.build())
        : bare(kafka, records, pair);
  }

  private static Trial topology(KafkaCluster kafka, long records, int pair) throws Exception {
    return topology(kafka, records, "b10-topology-" + pair, topology());
  }

  private static Trial topology(KafkaCluster kafka, long records, String app, Topology topology)
      throws Exception {
    Path state = Files.createTempDirectory("b10-state");
    // The service's own properties, with its defaults (application.yml) unless overridden.
    Properties props =
        StreamsProperties.of(
            kafka.adminConfig(),
            new org.pathway.reporting.config.StreamsConfig(
                app,
                state.toString(),
                COMMIT_INTERVAL,
                Integer.getInteger("b10.threads", 1),
                KEPT_JOURNEYS),
            "");
    // Levers tried beside the service's settings: -Db10.streams.<property>=<value>.
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("b10.streams."))
        .forEach(k -> props.put(k.substring("b10.streams.".length()), System.getProperty(k)));
    AtomicLong running = new AtomicLong();
    long started = System.nanoTime();
    try (KafkaStreams streams = new KafkaStreams(topology, props)) {
      streams.setStateListener(
          (now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
              running.compareAndSet(0, System.nanoTime());
            }
          });
      streams.start();
      // The watch must cost next to nothing: it shares the two cores with the stream thread,
      // and the bare consumer has none. Reading streams.metrics() every 2 ms (a fresh map of
      // every client's metrics) took a sixth as much CPU as the stream thread itself under JFR;
      // the stream threads' own counters, found once, are read instead.
      List<Metric> counters = processTotals(streams, threads(props));
      while (processed(counters) < records) {
        Thread.sleep(2);
      }
      long lastProcessed = System.nanoTime();
      awaitCommitted(kafka, app);
      long ended = System.nanoTime();
      // Every thread the topology started (stream thread, its producer's sender, admin) has the
      // application id in its name; read before close, which ends them.
      long cpu = cpuOfThreadsNamed(app);
      return new Trial(started, running.get(), lastProcessed, ended, cpu, records);
    }
  }

  private static Topology topology() {
    return "dsl".equals(System.getProperty("b10.topology"))
        ? DslAggregateTopology.build()
        : JourneyTopology.build(KEPT_JOURNEYS);
  }

  private static int threads(Properties props) {
    return Integer.parseInt(
        String.valueOf(
            props.get(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG)));
  }

  /** Each stream thread's {@code process-total}, once all {@code threads} have registered it. */
  private static List<Metric> processTotals(KafkaStreams streams, int threads)
      throws InterruptedException {
    while (true) {
      List<Metric> found = new ArrayList<>();
      for (Metric m : streams.metrics().values()) {
        MetricName n = m.metricName();
        if (n.name().equals("process-total") && n.group().equals("stream-thread-metrics")) {
          found.add(m);
        }
      }
      if (found.size() >= threads) {
        return found;
      }
      Thread.sleep(20);
    }
  }

  /** Records the topology's stream threads have processed. */
  private static double processed(List<Metric> counters) {
    double total = 0;
    for (Metric m : counters) {
      total += ((Number) m.metricValue()).doubleValue();
    }
    return total;
  }

  /**
   * A bare consumer reading the same topic with Pathway's deserializer and, unless {@code
   * -Db10.bare=decode}, folding each event into its journey in a {@code HashMap} with the same
   * {@link JourneyFold}: the work the topology does, minus the store and changelog. Commits after
   * each poll; timed until its last commit, not through {@code close()}.
   */
  private static Trial bare(KafkaCluster kafka, long records, int pair) {
    String group = "b10-bare-" + pair;
    boolean fold = !"decode".equals(System.getProperty("b10.bare", "fold"));
    Map<String, Object> config = new HashMap<>(kafka.adminConfig());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    AtomicLong assigned = new AtomicLong();
    Map<String, Journey> journeys = new HashMap<>();
    long cpuAtStart = THREADS.getCurrentThreadCpuTime();
    long started = System.nanoTime();
    long seen = 0;
    long decoded = 0;
    try (KafkaConsumer<String, SpecificRecord> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new EventDeserializer())) {
      consumer.subscribe(
          List.of(TOPIC),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              if (!partitions.isEmpty()) {
                assigned.compareAndSet(0, System.nanoTime());
              }
            }
          });
      long lastProcessed = 0;
      while (seen < records) {
        ConsumerRecords<String, SpecificRecord> batch = consumer.poll(Duration.ofMillis(200));
        for (var r : batch) {
          if (r.value() != null) {
            decoded++;
            if (fold) {
              Journey j = journeys.get(r.key());
              journeys.put(
                  r.key(), JourneyFold.apply(j == null ? Journey.start(r.key()) : j, r.value()));
            }
          }
          seen++;
        }
        if (seen >= records) {
          lastProcessed = System.nanoTime();
        }
        consumer.commitSync();
      }
      long ended = System.nanoTime();
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart + cpuOfThreadsNamed(group);
      if (decoded != records || (fold && journeys.isEmpty())) {
        throw new IllegalStateException("decoded " + decoded + " of " + records);
      }
      return new Trial(started, assigned.get(), lastProcessed, ended, cpu, records);
    }
  }

  private static long cpuOfThreadsNamed(String part) {
    long cpu = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains(part)) {
        cpu += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
      }
    }
    return cpu;
  }

  private static void awaitCommitted(KafkaCluster kafka, String group) throws Exception {
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 6; p++) {
        latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get();
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        boolean done = true;
        for (var e : ends.entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          done &= c != null && c.offset() >= e.getValue().offset();
        }
        if (done) {
          return;
        }
        Thread.sleep(20);
      }
    }
  }
}
