package org.pathway.deploy.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;

/**
 * Where a B5 run's journeys spent their time, step by step: every event of a journey on Pathway's
 * topics at the time its producer stamped on it (CreateTime, this machine's clock), beside the
 * harness's own stamps (link worker told, accept and onward sent, facilitator told, GP updated),
 * all from the referral's intended send. Printed as p50 and p99 per step in the order of the
 * medians, so the step a journey waits longest before shows as the largest jump between two lines.
 */
final class HopTimes implements AutoCloseable {

  private static final List<String> TOPICS =
      List.of(
          Topics.REFERRAL_EVENTS.name(),
          Topics.ROUTING_DECISIONS.name(),
          Topics.NOTIFICATION_REQUESTS.name(),
          Topics.NOTIFICATION_RECEIPTS.name());

  /** Wall-clock milliseconds at {@link System#nanoTime()} zero, to line the two clocks up. */
  private static final double WALL_AT_NANO_ZERO =
      System.currentTimeMillis() - System.nanoTime() / 1e6;

  private record Stamp(String step, long wallMillis) {}

  private final Map<String, List<Stamp>> byCorrelation = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread reader;

  /** Starts reading the topics' new records (from now on) on a thread of its own. */
  HopTimes(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "b5-hop-times-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(TOPICS);
    reader = new Thread(this::read, "b5-hop-times");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (true) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String correlationId = header(r, EventHeaders.CORRELATION_ID);
          String type = header(r, EventHeaders.EVENT_TYPE);
          if (correlationId != null && type != null) {
            String step = r.topic() + " " + type.substring(type.lastIndexOf('.') + 1);
            byCorrelation
                .computeIfAbsent(correlationId, c -> new CopyOnWriteArrayList<>())
                .add(new Stamp(step, r.timestamp()));
          }
        }
      }
    } catch (WakeupException stopping) {
      // closed
    } finally {
      consumer.close();
    }
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Forgets what earlier runs' journeys produced. */
  void clear() {
    byCorrelation.clear();
  }

  /**
   * The steps of {@code journeys}' finished journeys, one line each: p50 and p99 milliseconds from
   * the referral's intended send, and how many journeys had the step. The nth event of one type on
   * one topic is a step of its own ({@code #n}).
   */
  String report(Journeys journeys) {
    Map<String, Histogram> steps = new HashMap<>();
    journeys.forEachFinished(
        (correlationId, j) -> {
          double sent = wall(j.referralSent);
          List<Stamp> stamps =
              new ArrayList<>(byCorrelation.getOrDefault(correlationId, List.of()));
          stamps.add(
              new Stamp("harness: link worker told", Math.round(wall(j.linkWorkerNotified))));
          stamps.add(new Stamp("harness: accept sent", Math.round(wall(j.acceptSent))));
          stamps.add(new Stamp("harness: onward referral sent", Math.round(wall(j.onwardSent))));
          stamps.add(
              new Stamp("harness: facilitator told", Math.round(wall(j.facilitatorNotified))));
          stamps.add(new Stamp("harness: GP endpoint updated", Math.round(wall(j.gpUpdated))));
          stamps.sort(Comparator.comparingLong(Stamp::wallMillis));
          Map<String, Integer> seen = new HashMap<>();
          for (Stamp s : stamps) {
            int n = seen.merge(s.step(), 1, Integer::sum);
            String label = n == 1 ? s.step() : s.step() + " #" + n;
            long after = Math.max(0, Math.round(s.wallMillis() - sent));
            steps
                .computeIfAbsent(label, l -> new Histogram(TimeUnit.MINUTES.toMillis(10), 3))
                .recordValue(Math.min(after, TimeUnit.MINUTES.toMillis(10)));
          }
        });
    StringBuilder out = new StringBuilder("  where the journeys' time went (ms after the send):\n");
    steps.entrySet().stream()
        .sorted(Comparator.comparingLong(e -> e.getValue().getValueAtPercentile(50)))
        .forEach(
            e ->
                out.append(
                    String.format(
                        "    p50 %6d  p99 %6d  (%d)  %s%n",
                        e.getValue().getValueAtPercentile(50),
                        e.getValue().getValueAtPercentile(99),
                        e.getValue().getTotalCount(),
                        e.getKey())));
    return out.toString();
  }

  private static double wall(long nanos) {
    return WALL_AT_NANO_ZERO + nanos / 1e6;
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    reader.join(10_000);
  }
}
