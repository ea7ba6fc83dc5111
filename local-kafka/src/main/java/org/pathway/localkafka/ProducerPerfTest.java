package org.pathway.localkafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Kafka's own {@code kafka-producer-perf-test} ({@code ProducerPerformance}), run in this JVM: the
 * reference the produce benchmarks (B3, B7) run beside. Needs {@code org.apache.kafka:kafka-tools}
 * on the class path, an optional dependency of this module that only those benchmarks add.
 */
public final class ProducerPerfTest {

  /** A run's summary line: over every record it sent. */
  public record Result(double recordsPerSecond, double p50Millis, double p99Millis) {}

  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) records sent, ([\\d.]+) records/sec .*?([\\d.]+) ms avg latency, ([\\d.]+) ms"
              + " max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

  private ProducerPerfTest() {}

  /**
   * Sends {@code records} unkeyed records of {@code recordSize} bytes to {@code topic} as fast as
   * the producer takes them, with {@code producerProps} (bootstrap servers included). The tool
   * prints to standard output, which is taken for the run: not for use beside other output.
   */
  public static Result run(
      String topic, int records, int recordSize, Map<String, String> producerProps) {
    List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", "" + records));
    args.addAll(
        List.of("--record-size", "" + recordSize, "--throughput", "-1", "--producer-props"));
    producerProps.forEach((k, v) -> args.add(k + "=" + v));
    PrintStream console = System.out;
    var captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ProducerPerformance.main(args.toArray(String[]::new));
    } catch (Exception e) {
      throw new IllegalStateException("kafka-producer-perf-test failed", e);
    } finally {
      System.setOut(console);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    // The last matching line is the summary over the whole run.
    var summary =
        SUMMARY
            .matcher(output)
            .results()
            .reduce((first, second) -> second)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no summary line from kafka-producer-perf-test:\n" + output));
    return new Result(
        Double.parseDouble(summary.group(2)),
        Double.parseDouble(summary.group(5)),
        Double.parseDouble(summary.group(7)));
  }
}
