package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.GroupCommit;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * Intake's group commit on real PostgreSQL: referrals that arrive while a commit is under way are
 * committed together and each is answered only after that commit; a batch whose commit fails is
 * answered 503 to every caller and leaves nothing written.
 *
 * <p>To make a batch form for certain, the test holds a PostgreSQL advisory lock that a trigger on
 * {@code outbox} waits for: the one committer is held inside a transaction while the other
 * referrals queue behind it.
 */
class GroupCommitIT {

  private static final int GATE = 4242;
  private static final int QUEUED = 12;

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter =
        Adapter.start(
            db,
            kafka.bootstrapServers(),
            Map.of("pathway.intake.committers", 1, "pathway.intake.max-batch", 64));
  }

  @AfterAll
  static void stop() {
    adapter.close();
    db.close();
    kafka.close();
  }

  @Test
  void referralsArrivingDuringACommitAreCommittedTogetherAndAllDurable() throws Exception {
    long referralsBefore = adapter.ledger().count("referral", null);
    long outboxBefore = adapter.ledger().count("outbox", null);
    long batchesBefore = batches().count();
    double committedBefore = batches().totalAmount();
    List<ServiceRequest> sent = referrals();
    try (Connection gate = db.connect()) {
      installGate(gate);
      try {
        // given the committer is held inside a referral's transaction while more arrive, and then
        // let go
        List<HttpResponse<String>> answers = sendWhileTheCommitterIsHeld(gate, sent);

        // then every referral is answered 201, after its commit: it is in the ledger with its event
        for (var res : answers) {
          assertThat(res.statusCode()).isEqualTo(201);
        }
        assertThat(adapter.ledger().count("referral", null) - referralsBefore)
            .isEqualTo(QUEUED + 1);
        assertThat(adapter.ledger().count("outbox", null) - outboxBefore).isEqualTo(QUEUED + 1);
        // and the ones that queued were committed in one transaction
        assertThat(batches().count() - batchesBefore).isEqualTo(2);
        assertThat(batches().totalAmount() - committedBefore).isEqualTo(QUEUED + 1.0);
      } finally {
        removeGate(gate);
      }
    }
  }

  @Test
  void aBatchWhoseCommitFailsIsAnswered503ToEveryCallerAndNothingIsWritten() throws Exception {
    long referralsBefore = adapter.ledger().count("referral", null);
    long outboxBefore = adapter.ledger().count("outbox", null);
    long batchesBefore = batches().count();
    List<ServiceRequest> sent = referrals();
    try (Connection gate = db.connect()) {
      installGate(gate);
      try (var st = gate.createStatement()) {
        // given the database fails every commit that wrote an outbox row, as a full disk would
        st.execute(
            "CREATE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'no space left on device' USING ERRCODE = '53100'; END $$");
        st.execute(
            "CREATE CONSTRAINT TRIGGER test_disk_full AFTER INSERT ON outbox DEFERRABLE"
                + " INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_disk_full()");

        // when referrals queue behind a held committer, which then goes on and the commits fail
        List<HttpResponse<String>> answers = sendWhileTheCommitterIsHeld(gate, sent);

        // then every caller, alone or in the batch, is answered 503 with an OperationOutcome
        for (var res : answers) {
          assertThat(res.statusCode()).isEqualTo(503);
          var oo = Fixtures.FHIR.newJsonParser().parseResource(OperationOutcome.class, res.body());
          assertThat(oo.getIssueFirstRep().getCode())
              .isEqualTo(OperationOutcome.IssueType.TRANSIENT);
        }
        assertThat(batches().count() - batchesBefore).isEqualTo(2);
        // and nothing of any of them was written
        assertThat(adapter.ledger().count("referral", null)).isEqualTo(referralsBefore);
        assertThat(adapter.ledger().count("outbox", null)).isEqualTo(outboxBefore);
      } finally {
        try (var st = gate.createStatement()) {
          st.execute("DROP TRIGGER IF EXISTS test_disk_full ON outbox");
          st.execute("DROP FUNCTION IF EXISTS test_disk_full()");
        }
        removeGate(gate);
      }
    }

    // and once the database commits again, the same referrals are new referrals, all accepted
    List<CompletableFuture<HttpResponse<String>>> retries = new ArrayList<>();
    for (ServiceRequest sr : sent) {
      retries.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return FaultIT.post(adapter, sr);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (var r : retries) {
      assertThat(r.get().statusCode()).isEqualTo(201);
    }
    assertThat(adapter.ledger().count("referral", null) - referralsBefore).isEqualTo(sent.size());
  }

  @Test
  void aBatchRolledBackToBreakADeadlockIsCommittedAgainOneByOne() throws Exception {
    long referralsBefore = adapter.ledger().count("referral", null);
    long batchesBefore = batches().count();
    List<ServiceRequest> sent = referrals();
    try (Connection gate = db.connect()) {
      installGate(gate);
      try (var st = gate.createStatement()) {
        // given PostgreSQL picks any transaction writing more than one referral as a deadlock's
        // victim, as it may pick a group commit whose writes lock Tasks and groups in turn
        st.execute(
            "CREATE FUNCTION test_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF (SELECT count(*) FROM outbox WHERE xmin = pg_current_xact_id()::xid) > 1"
                + " THEN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END IF;"
                + " RETURN NULL; END $$");
        st.execute(
            "CREATE CONSTRAINT TRIGGER test_deadlock AFTER INSERT ON outbox DEFERRABLE"
                + " INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_deadlock()");

        // when referrals queue behind a held committer and then go as one batch
        List<HttpResponse<String>> answers = sendWhileTheCommitterIsHeld(gate, sent);

        // then the batch was rolled back, and each ran again alone and was accepted
        for (var res : answers) {
          assertThat(res.statusCode()).isEqualTo(201);
        }
        assertThat(adapter.ledger().count("referral", null) - referralsBefore)
            .isEqualTo(sent.size());
        assertThat(batches().count() - batchesBefore).isEqualTo(2);
      } finally {
        try (var st = gate.createStatement()) {
          st.execute("DROP TRIGGER IF EXISTS test_deadlock ON outbox");
          st.execute("DROP FUNCTION IF EXISTS test_deadlock()");
        }
        removeGate(gate);
      }
    }
  }

  @Test
  void aBatchHoldingRepeatsIsCommittedAgainOneByOneAndEachCallerGetsItsOwnAnswer()
      throws Exception {
    // given a referral committed earlier under a business identifier and an X-Request-ID
    ServiceRequest earlier = Fixtures.referral();
    String earlierRequest = UUID.randomUUID().toString();
    HttpResponse<String> original = FaultIT.post(adapter, earlier, earlierRequest);
    assertThat(original.statusCode()).isEqualTo(201);
    long referralsBefore = adapter.ledger().count("referral", null);
    long batchesBefore = batches().count();
    long repeatsBefore = adapter.ledger().count("audit_event", "interaction = 'create-existing'");

    // when new referrals queue behind a held committer beside that referral again, a new one sent
    // twice, and a new referral under the earlier X-Request-ID, and then go as one batch
    List<ServiceRequest> fresh = referrals();
    ServiceRequest twice = Fixtures.referral();
    List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
    fresh.forEach(sr -> calls.add(() -> FaultIT.post(adapter, sr)));
    calls.add(() -> FaultIT.post(adapter, earlier));
    calls.add(() -> FaultIT.post(adapter, twice));
    calls.add(() -> FaultIT.post(adapter, twice));
    calls.add(() -> FaultIT.post(adapter, Fixtures.referral(), earlierRequest));
    List<HttpResponse<String>> answers;
    try (Connection gate = db.connect()) {
      installGate(gate);
      try {
        answers = callWhileTheCommitterIsHeld(gate, calls);
      } finally {
        removeGate(gate);
      }
    }

    // then the batch was tried together, and each caller has the answer it would have had alone:
    // the new referrals created, the repeats answered with their originals, the repeated
    // X-Request-ID refused as a duplicate
    assertThat(batches().count() - batchesBefore).isEqualTo(2);
    for (var res : answers.subList(0, fresh.size())) {
      assertThat(res.statusCode()).isEqualTo(201);
    }
    var repeat = answers.get(fresh.size());
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(repeat.headers().firstValue("Location"))
        .isEqualTo(original.headers().firstValue("Location"));
    var once = answers.get(fresh.size() + 1);
    var again = answers.get(fresh.size() + 2);
    assertThat(List.of(once.statusCode(), again.statusCode())).containsExactlyInAnyOrder(201, 200);
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(once.headers().firstValue("Location"));
    var duplicate = answers.get(fresh.size() + 3);
    assertThat(duplicate.statusCode()).isEqualTo(409);
    var oo = Fixtures.FHIR.newJsonParser().parseResource(OperationOutcome.class, duplicate.body());
    assertThat(oo.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.DUPLICATE);
    // and the ledger holds each new referral once, the two repeats audited as such
    assertThat(adapter.ledger().count("referral", null) - referralsBefore)
        .isEqualTo(fresh.size() + 1);
    assertThat(adapter.ledger().count("referral", "identifier_value = ?", identifierOf(twice)))
        .isEqualTo(1);
    assertThat(
            adapter
                .ledger()
                .count("fhir_resource", "body LIKE ?", "%" + identifierOf(earlier) + "%"))
        .isEqualTo(1);
    assertThat(
            adapter.ledger().count("audit_event", "interaction = 'create-existing'")
                - repeatsBefore)
        .isEqualTo(2);
  }

  private static String identifierOf(ServiceRequest sr) {
    return sr.getIdentifierFirstRep().getValue();
  }

  private static List<ServiceRequest> referrals() {
    List<ServiceRequest> sent = new ArrayList<>();
    for (int i = 0; i <= QUEUED; i++) {
      sent.add(Fixtures.referral());
    }
    return sent;
  }

  /**
   * Posts the first referral, waits until the committer is held inside its transaction by the gate,
   * posts the rest, waits until they queue, then lets the committer go: the rest form one batch.
   * Returns every answer, in the order sent.
   */
  private static List<HttpResponse<String>> sendWhileTheCommitterIsHeld(
      Connection gate, List<ServiceRequest> sent) throws Exception {
    List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
    sent.forEach(sr -> calls.add(() -> FaultIT.post(adapter, sr)));
    return callWhileTheCommitterIsHeld(gate, calls);
  }

  private static List<HttpResponse<String>> callWhileTheCommitterIsHeld(
      Connection gate, List<Callable<HttpResponse<String>>> sent) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(sent.size());
    try {
      hold(gate);
      List<Future<HttpResponse<String>>> posted = new ArrayList<>();
      posted.add(callers.submit(sent.get(0)));
      awaitCommitterHeld(gate);
      for (var call : sent.subList(1, sent.size())) {
        posted.add(callers.submit(call));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> groupCommit().waiting() == sent.size() - 1);
      release(gate);
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (var f : posted) {
        answers.add(f.get());
      }
      return answers;
    } finally {
      callers.shutdownNow();
    }
  }

  private static void installGate(Connection c) throws Exception {
    try (var st = c.createStatement()) {
      st.execute(
          "CREATE FUNCTION test_gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " PERFORM pg_advisory_xact_lock_shared("
              + GATE
              + "); RETURN NEW; END $$");
      st.execute(
          "CREATE TRIGGER test_gate BEFORE INSERT ON outbox FOR EACH ROW"
              + " EXECUTE FUNCTION test_gate()");
    }
  }

  private static void removeGate(Connection c) throws Exception {
    release(c);
    try (var st = c.createStatement()) {
      st.execute("DROP TRIGGER IF EXISTS test_gate ON outbox");
      st.execute("DROP FUNCTION IF EXISTS test_gate()");
    }
  }

  private static void hold(Connection c) throws Exception {
    try (var st = c.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + GATE + ")");
    }
  }

  private static void release(Connection c) throws Exception {
    try (var st = c.createStatement()) {
      st.execute("SELECT pg_advisory_unlock_all()");
    }
  }

  /** Waits until a transaction waits on the gate: the committer is inside a commit. */
  private static void awaitCommitterHeld(Connection c) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              try (var st = c.createStatement();
                  var rs =
                      st.executeQuery(
                          "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                              + " AND NOT granted")) {
                rs.next();
                return rs.getInt(1) > 0;
              }
            });
  }

  private static GroupCommit groupCommit() {
    return adapter.context().getBean(GroupCommit.class);
  }

  private static DistributionSummary batches() {
    return adapter
        .context()
        .getBean(MeterRegistry.class)
        .get("pathway.intake.batch.size")
        .summary();
  }
}
