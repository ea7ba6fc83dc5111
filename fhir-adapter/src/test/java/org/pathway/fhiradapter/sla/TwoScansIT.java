package org.pathway.fhiradapter.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.OverdueScan;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * The SLA watch with two adapter replicas: two scans started together over the same overdue Tasks
 * announce each due time once. The scans share nothing in memory that matters: each Task is flagged
 * in its own transaction under the Task's row lock with the notice's key (task, due time), which is
 * all two replicas would share, so two threads here race exactly as two JVMs would.
 */
class TwoScansIT {

  private static final int TASKS = 30;

  @Test
  void twoScansAtOnceAnnounceEachOverdueTaskOnce() throws Exception {
    try (var kafka = KafkaClusters.forTests();
        var db = TestDatabase.create("two_scans")) {
      kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
      // The scheduled watch is off: only the two scans below flag anything.
      try (Adapter adapter =
          Adapter.start(db, kafka.bootstrapServers(), Map.of("pathway.sla.enabled", false))) {
        Api gp = Api.as(adapter, "practice-a81001");
        for (int i = 0; i < TASKS; i++) {
          assertThat(gp.post("/ServiceRequest", Fixtures.referral()).statusCode()).isEqualTo(201);
        }
        OverdueScan scan = adapter.context().getBean(OverdueScan.class);
        Instant asOf = Instant.now().plus(Duration.ofDays(60));

        // when two replicas' scans run at the same moment, in small batches over the same Tasks
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        List<Future<Integer>> flagged = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
          flagged.add(
              replicas.submit(
                  () -> {
                    together.await();
                    int total = 0;
                    int n;
                    do {
                      n = scan.flagOverdue(asOf, 4).size();
                      total += n;
                    } while (n > 0);
                    return total;
                  }));
        }
        int first = flagged.get(0).get();
        int second = flagged.get(1).get();
        replicas.shutdown();

        // then every open Task is announced overdue once: one notice, one event
        assertThat(first + second).as("Tasks flagged by the two scans").isEqualTo(TASKS);
        assertThat(count(db, "SELECT count(*) FROM overdue_notice")).isEqualTo(TASKS);
        assertThat(
                count(db, "SELECT count(*) FROM outbox WHERE event_type LIKE '%.ReferralOverdue'"))
            .isEqualTo(TASKS);
        assertThat(
                count(
                    db,
                    "SELECT count(*) FROM (SELECT task_id FROM overdue_notice GROUP BY task_id"
                        + " HAVING count(*) > 1) twice"))
            .isZero();
      }
    }
  }

  private static long count(TestDatabase db, String sql) throws Exception {
    try (var c = db.connect();
        var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
