package org.pathway.router.bench;

import io.micronaut.context.ApplicationContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkaedge.settings.KafkaSettings;
import org.pathway.router.Fixtures;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.idempotency.JdbcIdempotentRepository;
import org.pathway.router.idempotency.PollTransactions;
import org.pathway.router.it.RouterHarness;
import org.pathway.router.kafka.ConsumedRecord;
import org.pathway.router.kafka.PollBatch;
import org.pathway.router.kafka.TransactionalPublisher;
import org.pathway.router.routes.RouteIds;
import org.pathway.router.wiring.RouterDecisions;

/**
 * B4: the Camel route beside a bare {@link KafkaConsumer} loop that makes the same decision with
 * the same commit policy — decode, idempotency check in PostgreSQL, triage, what the poll
 * remembered committed in one database transaction, one Kafka transaction per poll holding its
 * outputs and offsets, then the poll's event ids recorded in one statement. Same broker, database
 * and JVM; trials interleaved A B B A …; median ratio reported.
 *
 * <p>{@code ./mvnw -q -pl router test-compile exec:java@b4 -Db4.records=2000 -Db4.pairs=5}
 *
 * <p>The route runs with {@code pathway.kafka.consumers} from application.yml unless {@code
 * -Db4.consumers=N} says otherwise; the bare loop is always one consumer thread, so with more than
 * one consumer the ratio measures what the route's concurrency gains over the sequential loop.
 */
public final class RouteVersusBareLoop {

  private static final String CAMEL_GROUP_SUFFIX = "-camel";
  private static final String BARE_GROUP_SUFFIX = "-bare";

  private RouteVersusBareLoop() {}

  public static void main(String[] args) throws Exception {
    int records = Integer.getInteger("b4.records", 2000);
    int pairs = Integer.getInteger("b4.pairs", 5);
    int warmup = Integer.getInteger("b4.warmup", 500);
    Integer consumers = Integer.getInteger("b4.consumers");
    try (RouterHarness harness = new RouterHarness();
        Admin admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    harness.kafka.bootstrapServers()))) {
      Map<String, Object> properties = harness.routerProperties("bench");
      properties.put("pathway.kafka.group-id", harness.groupId + CAMEL_GROUP_SUFFIX);
      if (consumers != null) {
        properties.put("pathway.kafka.consumers", consumers);
      }
      ApplicationContext app = harness.startRouter(properties);
      try {
        CamelContext camel = app.getBean(CamelContext.class);
        camel.getRouteController().stopRoute(RouteIds.REFERRAL_EVENTS_IN);
        Bench bench = new Bench(harness, admin, app);

        System.out.printf(
            "B4 warm-up: %d records each; route consumers: %s%n",
            warmup, app.getProperty("pathway.kafka.consumers", Integer.class).orElseThrow());
        bench.runCamel(camel, warmup);
        bench.runBare(warmup);

        List<Double> ratios = new ArrayList<>();
        List<Double> overheads = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int pair = 0; pair < pairs; pair++) {
          Trial camelTrial;
          Trial bareTrial;
          if (pair % 2 == 0) {
            camelTrial = bench.runCamel(camel, records);
            bareTrial = bench.runBare(records);
          } else {
            bareTrial = bench.runBare(records);
            camelTrial = bench.runCamel(camel, records);
          }
          double ratio = camelTrial.rate() / bareTrial.rate();
          ratios.add(ratio);
          overheads.add(camelTrial.cpuMicrosPerRecord() - bareTrial.cpuMicrosPerRecord());
          lines.add(
              String.format(
                  "pair %d: camel %.0f rec/s (%.0f CPU-µs/rec on the consumer thread), bare %.0f rec/s (%.0f CPU-µs/rec), ratio %.2f",
                  pair + 1,
                  camelTrial.rate(),
                  camelTrial.cpuMicrosPerRecord(),
                  bareTrial.rate(),
                  bareTrial.cpuMicrosPerRecord(),
                  ratio));
          System.out.println(lines.get(lines.size() - 1));
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        System.out.printf(
            "B4 result: %d pairs of %d records, camel/bare throughput ratio median %.2f (min %.2f, max %.2f); target >= 0.70%n",
            pairs, records, median, sorted.get(0), sorted.get(sorted.size() - 1));
        System.out.printf(
            "Camel overhead on the consumer thread: median %.0f CPU-µs/record (target <= 50)%n",
            overheads.stream().sorted().toList().get(overheads.size() / 2));
      } finally {
        app.close();
      }
    }
    System.exit(0);
  }

  /**
   * @param timed records inside the steady-state span
   * @param cpuNanos consumer-thread CPU for the whole batch of {@code total} records
   */
  private record Trial(int timed, long nanos, long cpuNanos, int total) {
    double rate() {
      return timed / (nanos / 1e9);
    }

    double cpuMicrosPerRecord() {
      return cpuNanos / 1e3 / total;
    }
  }

  private static final class Bench {

    private final RouterHarness harness;
    private final Admin admin;
    private final RouterDecisions decisions;
    private final JdbcIdempotentRepository repository;
    private final PollTransactions memory;
    private final TransactionalPublisher barePublisher;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private int batch;

    Bench(RouterHarness harness, Admin admin, ApplicationContext app) {
      this.harness = harness;
      this.admin = admin;
      this.decisions =
          app.getBean(
              RouterDecisions.class, io.micronaut.inject.qualifiers.Qualifiers.byName("decisions"));
      this.repository =
          app.getBean(
              JdbcIdempotentRepository.class,
              io.micronaut.inject.qualifiers.Qualifiers.byName("processedEvents"));
      this.memory = app.getBean(PollTransactions.class);
      this.barePublisher =
          new TransactionalPublisher(
              new KafkaClients(
                  KafkaSettings.plaintext(harness.kafka.bootstrapServers(), "router", null)),
              harness.groupId + "-bare-loop",
              1,
              Map.of());
    }

    private record Batch(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {}

    /** Produces a batch and points {@code group} at its first record on every partition. */
    private Batch prepare(String group, int records) throws Exception {
      Map<TopicPartition, Long> start = endOffsets();
      batch++;
      for (int i = 0; i < records; i++) {
        harness.send(Fixtures.referral("b4-" + batch + "-" + i).build());
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      start.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
      admin.alterConsumerGroupOffsets(group, offsets).all().get();
      return new Batch(start, endOffsets());
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < Topics.REFERRAL_EVENTS.partitions(); p++) {
        request.put(new TopicPartition(Topics.REFERRAL_EVENTS.name(), p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> out = new HashMap<>();
      admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    }

    /** How many records of the batch the group has committed. */
    private long committed(String group, Batch batch) throws Exception {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      long done = 0;
      for (var e : batch.start().entrySet()) {
        OffsetAndMetadata at = offsets.get(e.getKey());
        done += at == null ? 0 : Math.max(0, at.offset() - e.getValue());
      }
      return done;
    }

    /**
     * Waits for the whole batch and returns the steady-state span: from the first commit to the
     * last, so joining the consumer group (slower after a predecessor left) is not counted.
     */
    private long[] awaitBatch(String group, Batch batch, int records) throws Exception {
      long firstAt = 0;
      long firstCount = 0;
      while (true) {
        long done = committed(group, batch);
        long now = System.nanoTime();
        if (firstAt == 0 && done > 0) {
          firstAt = now;
          firstCount = done;
        }
        if (done >= records) {
          return new long[] {now - firstAt, records - firstCount};
        }
        Thread.sleep(10);
      }
    }

    private long consumerThreadCpu(String nameContains) {
      long total = 0;
      for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null && info.getThreadName().contains(nameContains)) {
          long cpu = threads.getThreadCpuTime(info.getThreadId());
          total += Math.max(cpu, 0);
        }
      }
      return total;
    }

    Trial runCamel(CamelContext camel, int records) throws Exception {
      String group = harness.groupId + CAMEL_GROUP_SUFFIX;
      Batch batch = prepare(group, records);
      long cpuBefore = consumerThreadCpu("referral-events-");
      camel.getRouteController().startRoute(RouteIds.REFERRAL_EVENTS_IN);
      long[] span = awaitBatch(group, batch, records);
      long cpu = consumerThreadCpu("referral-events-") - cpuBefore;
      camel.getRouteController().stopRoute(RouteIds.REFERRAL_EVENTS_IN);
      return new Trial((int) span[1], span[0], cpu, records);
    }

    Trial runBare(int records) throws Exception {
      String group = harness.groupId + BARE_GROUP_SUFFIX;
      Batch batch = prepare(group, records);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong cpu = new AtomicLong();
      Thread loop =
          new Thread(
              () -> {
                try (KafkaConsumer<String, byte[]> consumer = bareConsumer(group)) {
                  consumer.subscribe(List.of(Topics.REFERRAL_EVENTS.name()));
                  EventDeserializer deserializer = new EventDeserializer();
                  while (running.get()) {
                    var polled = consumer.poll(Duration.ofMillis(100));
                    if (polled.isEmpty()) {
                      continue;
                    }
                    PollBatch poll = new PollBatch();
                    for (TopicPartition tp : polled.partitions()) {
                      poll.partition(tp, polled.records(tp).get(0).offset(), consumer.position(tp));
                    }
                    memory.begin();
                    try {
                      for (ConsumerRecord<String, byte[]> r : polled) {
                        handle(consumer, deserializer, r, poll);
                      }
                      memory.commit();
                    } finally {
                      memory.end();
                    }
                    if (poll.publishesNothing()) {
                      consumer.commitSync(poll.offsets());
                    } else {
                      barePublisher.commit(poll, consumer.groupMetadata());
                    }
                    repository.addAll(poll.toRemember());
                  }
                }
                cpu.set(threads.getCurrentThreadCpuTime());
              },
              "bare-loop");
      loop.start();
      long[] span = awaitBatch(group, batch, records);
      running.set(false);
      loop.join();
      return new Trial((int) span[1], span[0], cpu.get(), records);
    }

    /**
     * The same steps the route takes, in the same order, into the same kind of batch, committed the
     * same way: one transaction per poll.
     */
    private void handle(
        KafkaConsumer<String, byte[]> consumer,
        EventDeserializer deserializer,
        ConsumerRecord<String, byte[]> r,
        PollBatch poll) {
      ConsumedRecord from =
          new ConsumedRecord(
              new TopicPartition(r.topic(), r.partition()),
              r.offset(),
              r.key(),
              consumer.groupMetadata());
      SpecificRecord event;
      try {
        event = deserializer.deserialize(r.topic(), r.headers(), r.value());
      } catch (EventDecodingException e) {
        poll.deadLetter(from, r.value(), headers(r.headers()), e.reason() + ": " + e.getMessage());
        return;
      }
      String eventId = ((ReferralReceived) event).getEnvelope().getEventId().toString();
      if (poll.decidedAlready(eventId) || repository.contains(eventId)) {
        return;
      }
      RouterOutput output = decisions.triage((ReferralReceived) event);
      poll.decided(eventId, r.key(), output.events());
    }

    private static Map<String, byte[]> headers(Headers headers) {
      Map<String, byte[]> out = new HashMap<>();
      headers.forEach(h -> out.put(h.key(), h.value()));
      return out;
    }

    private KafkaConsumer<String, byte[]> bareConsumer(String group) {
      Map<String, Object> config = new HashMap<>();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers());
      config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
      return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
  }
}
