package org.pathway.fhiradapter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.CommitSignal;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.ReplicaRelay;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.localkafka.ProducerPerfTest;
import org.pathway.testsupport.bench.BenchOptions;
import org.pathway.testsupport.database.TestDatabase;

/**
 * B7 of the benchmark brief: the outbox relay publishing a filled outbox to Kafka, beside Kafka's
 * own {@code kafka-producer-perf-test} sending as many records of the same size with the relay's
 * producer settings, on one broker, the order swapped every pair. The outbox is filled with copies
 * (new event ids) of real {@code ReferralReceived} rows, written by referrals POSTed to the adapter
 * with its own relay off; one relay, warmed by a first fill, is then woken after each fill commits,
 * and timed until it has published and marked every row: a round is a read of {@code batch} rows,
 * their sends and one flush, and one update marking them. Reports each pair and the median ratio of
 * records/s (target: at least 0.5 at a batch of 100 or more). A program, not a test.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code rows=20000 pairs=5 batch=500
 * template=500}.
 */
public final class RelayBenchmark {

  private static final String PRACTICE = "practice-a81001";
  private static final String REFERENCE_TOPIC = "bench.relay.reference";

  private RelayBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchOptions.parse(args);
    int rows = Integer.parseInt(options.getOrDefault("rows", "20000"));
    int pairs = Integer.parseInt(options.getOrDefault("pairs", "5"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "500"));
    int template = Integer.parseInt(options.getOrDefault("template", "500"));
    System.out.printf(
        "# B7 outbox relay: %d rows a run, relay batch %d, %d pairs beside kafka-producer-perf-test%n",
        rows, batch, pairs);
    System.out.printf(
        "cores=%d load average at start: %s%n",
        Runtime.getRuntime().availableProcessors(), loadAverage());

    try (var kafka = KafkaClusters.forTests();
        var db = TestDatabase.create("relay_benchmark")) {
      kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
      int partitions = Topics.REFERRAL_EVENTS.toNewTopic((short) 1).numPartitions();
      kafka.createTopics(List.of(new NewTopic(REFERENCE_TOPIC, partitions, (short) 1)));
      try (Adapter adapter =
          Adapter.start(
              db,
              kafka.bootstrapServers(),
              Map.of(
                  "pathway.outbox.enabled", false,
                  "pathway.applier.enabled", false,
                  "pathway.sla.enabled", false))) {
        Api gp = Api.as(adapter, PRACTICE);
        for (int i = 0; i < template; i++) {
          int status = gp.post("/ServiceRequest", Fixtures.referral()).statusCode();
          if (status != 201) {
            throw new IllegalStateException("a template referral was answered " + status);
          }
        }
        Outbox outbox = new Outbox(db);
        int recordSize = outbox.keepAsTemplate();
        System.out.printf(
            "template: %d outbox rows from %d referrals, %d bytes an event (Avro)%n",
            outbox.templateRows(), template, recordSize);

        Relay relay = Relay.start(adapter, db, batch);
        try {
          relay.drain(outbox, Math.max(batch, rows / 10));
          Map<String, String> producer = new HashMap<>();
          producer.put("bootstrap.servers", kafka.bootstrapServers());
          producer.put("acks", "all");
          producer.put("enable.idempotence", "true");
          producer.put("linger.ms", "2");
          producer.put("max.in.flight.requests.per.connection", "5");
          ProducerPerfTest.run(REFERENCE_TOPIC, Math.max(batch, rows / 10), recordSize, producer);

          List<Double> ratios = new ArrayList<>();
          for (int pair = 1; pair <= pairs; pair++) {
            double relayRate;
            double reference;
            if (pair % 2 == 1) {
              relayRate = relay.drain(outbox, rows);
              reference =
                  ProducerPerfTest.run(REFERENCE_TOPIC, rows, recordSize, producer)
                      .recordsPerSecond();
            } else {
              reference =
                  ProducerPerfTest.run(REFERENCE_TOPIC, rows, recordSize, producer)
                      .recordsPerSecond();
              relayRate = relay.drain(outbox, rows);
            }
            ratios.add(relayRate / reference);
            System.out.printf(
                "pair %d: relay %.0f rows/s | perf-test %.0f records/s | ratio %.2f%n",
                pair, relayRate, reference, relayRate / reference);
          }
          List<Double> sorted = ratios.stream().sorted().toList();
          System.out.printf(
              "B7 result: relay over perf-test, median %.2f (min %.2f, max %.2f) at batch %d;"
                  + " target >= 0.5 at batch >= 100%n",
              sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), batch);
          System.out.printf("load average at end: %s%n", loadAverage());
        } finally {
          relay.stop();
        }
      }
    }
  }

  /** The ledger's outbox table, filled from a template of real rows. */
  private record Outbox(TestDatabase db) {

    /** Moves the unpublished rows into the template and returns their mean event size. */
    int keepAsTemplate() throws Exception {
      try (var c = db.connect();
          var st = c.createStatement()) {
        st.execute(
            "CREATE TABLE relay_template AS SELECT topic, referral_id, event_type, correlation_id,"
                + " payload FROM outbox");
        st.execute("DELETE FROM outbox_pending");
        st.execute("DELETE FROM outbox");
        try (var rs =
            st.executeQuery(
                "SELECT round(avg(length(decode(payload, 'base64')))) FROM relay_template")) {
          rs.next();
          return rs.getInt(1);
        }
      }
    }

    long templateRows() throws Exception {
      try (var c = db.connect();
          var st = c.createStatement();
          var rs = st.executeQuery("SELECT count(*) FROM relay_template")) {
        rs.next();
        return rs.getLong(1);
      }
    }

    /** Appends {@code rows} copies of template rows, each with an event id of its own. */
    void fill(int rows) throws Exception {
      try (var c = db.connect();
          var ps =
              c.prepareStatement(
                  "INSERT INTO outbox (event_id, topic, referral_id, event_type, correlation_id,"
                      + " payload, created_at) SELECT gen_random_uuid()::text, t.topic,"
                      + " t.referral_id, t.event_type, t.correlation_id, t.payload, now()"
                      + " FROM generate_series(1, ?) g, relay_template t ORDER BY g LIMIT ?")) {
        ps.setInt(1, rows / (int) templateRows() + 1);
        ps.setInt(2, rows);
        ps.executeUpdate();
      }
      try (var c = db.connect();
          var st = c.createStatement()) {
        st.execute("ANALYZE outbox");
      }
    }
  }

  /** One relay as a replica runs it, woken by the benchmark after each fill. */
  private record Relay(ReplicaRelay replica) {

    static Relay start(Adapter adapter, TestDatabase db, int batch) throws InterruptedException {
      ReplicaRelay replica =
          ReplicaRelay.start(
              adapter,
              db,
              new CommitSignal(),
              ReplicaRelay.settings(adapter, batch, Duration.ofMinutes(10)));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!replica.relay().leading()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the relay did not take the lead");
        }
        Thread.sleep(20);
      }
      return new Relay(replica);
    }

    /** Fills the outbox with {@code rows}, wakes the relay and returns its rows/s to the last. */
    double drain(Outbox outbox, int rows) throws Exception {
      outbox.fill(rows);
      long target = replica.relay().published() + rows;
      long start = System.nanoTime();
      replica.signal().committed();
      long deadline = start + Duration.ofMinutes(10).toNanos();
      while (replica.relay().published() < target) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the relay published "
                  + replica.relay().published()
                  + " of "
                  + target
                  + " in 10 minutes");
        }
        Thread.sleep(2);
      }
      return rows / ((System.nanoTime() - start) / 1e9);
    }

    void stop() throws InterruptedException {
      replica.stop();
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
