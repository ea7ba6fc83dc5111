package org.pathway.events.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.SampleEvents;
import org.pathway.events.serde.EventSerializer;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.localkafka.ProducerPerfTest;

/**
 * B3 of the benchmark brief: Pathway events produced with the project serde (Avro single-object
 * encoding, idempotent, acks=all) beside Kafka's own {@code kafka-producer-perf-test} sending
 * records of the same size with the same settings (unkeyed, like the tool), interleaved A B A B on
 * one broker. Reports the median ratio of records/s and of p99 latency, and separately the rate
 * when records are keyed by referral id as Pathway really sends them. A program, not a test:
 * timings never fail a build.
 *
 * <p>Arguments (all optional): records per run (default 50000), pairs (default 5).
 */
public final class ProduceBenchmark {

  private record Run(double recordsPerSecond, double p99Millis) {}

  private ProduceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<SpecificRecord> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      events.add(SampleEvents.referralReceived("ref-" + i));
    }
    int recordSize = new EventSerializer().serialize("bench", events.get(0)).length;

    try (KafkaCluster kafka = KafkaClusters.forTests()) {
      System.out.printf(
          "B3 produce: %d records of %d bytes per run, %d interleaved pairs, %s%n",
          records, recordSize, pairs, kafka.description());
      List<Double> throughputRatios = new ArrayList<>();
      List<Double> p99Ratios = new ArrayList<>();
      List<Double> keyedRatios = new ArrayList<>();
      for (int pair = 1; pair <= pairs; pair++) {
        String topic = "bench.produce." + pair;
        for (String name : List.of(topic + ".ref", topic, topic + ".keyed")) {
          kafka.createTopics(List.of(new NewTopic(name, 6, (short) 1)));
          warmUp(kafka, name);
        }
        Run reference = perfTest(kafka, topic + ".ref", records, recordSize);
        Run pathway = pathway(kafka, topic, records, events, false);
        Run keyed = pathway(kafka, topic + ".keyed", records, events, true);
        throughputRatios.add(pathway.recordsPerSecond() / reference.recordsPerSecond());
        p99Ratios.add(pathway.p99Millis() / Math.max(1, reference.p99Millis()));
        keyedRatios.add(keyed.recordsPerSecond() / reference.recordsPerSecond());
        System.out.printf(
            "pair %d: perf-test %.0f rec/s p99 %.0f ms | pathway %.0f rec/s p99 %.0f ms"
                + " | pathway keyed by referral %.0f rec/s p99 %.0f ms%n",
            pair,
            reference.recordsPerSecond(),
            reference.p99Millis(),
            pathway.recordsPerSecond(),
            pathway.p99Millis(),
            keyed.recordsPerSecond(),
            keyed.p99Millis());
      }
      System.out.printf(
          "B3 result: throughput ratio median %.2f (min %.2f, max %.2f; target >= 0.8),"
              + " p99 ratio median %.2f (target <= 1.5)%n",
          median(throughputRatios),
          min(throughputRatios),
          max(throughputRatios),
          median(p99Ratios));
      System.out.printf(
          "B3 keyed: records keyed by referral id (the real traffic, 1000 keys over 6 partitions)"
              + " reach %.2f of perf-test's unkeyed rate (median)%n",
          median(keyedRatios));
    }
  }

  private static Properties producerProps(KafkaCluster kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return props;
  }

  /** One acknowledged record per partition, so neither run pays for leaders still being elected. */
  private static void warmUp(KafkaCluster kafka, String topic) throws Exception {
    try (var producer =
        new KafkaProducer<>(producerProps(kafka), new StringSerializer(), new StringSerializer())) {
      for (int partition = 0; partition < 6; partition++) {
        producer.send(new ProducerRecord<>(topic, partition, "warm-up", "warm-up")).get();
      }
    }
  }

  private static Run perfTest(KafkaCluster kafka, String topic, int records, int recordSize) {
    Map<String, String> props = new LinkedHashMap<>();
    producerProps(kafka).forEach((k, v) -> props.put(k.toString(), v.toString()));
    ProducerPerfTest.Result result = ProducerPerfTest.run(topic, records, recordSize, props);
    return new Run(result.recordsPerSecond(), result.p99Millis());
  }

  private static Run pathway(
      KafkaCluster kafka, String topic, int records, List<SpecificRecord> events, boolean keyed) {
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    long start = System.nanoTime();
    try (var producer =
        new KafkaProducer<>(producerProps(kafka), new StringSerializer(), new EventSerializer())) {
      for (int i = 0; i < records; i++) {
        SpecificRecord event = events.get(i % events.size());
        long sent = System.nanoTime();
        producer.send(
            new ProducerRecord<>(topic, keyed ? "ref-" + (i % events.size()) : null, event),
            (metadata, error) -> {
              if (error != null) {
                throw new IllegalStateException("benchmark send failed", error);
              }
              synchronized (latency) {
                latency.recordValue(System.nanoTime() - sent);
              }
            });
      }
      producer.flush();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(records / seconds, latency.getValueAtPercentile(99) / 1e6);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
