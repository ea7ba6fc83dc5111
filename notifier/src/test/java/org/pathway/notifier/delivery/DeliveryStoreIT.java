package org.pathway.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pathway.notifier.delivery.Delivery.Status;
import org.pathway.notifier.delivery.DeliveryStore.NewDelivery;
import org.pathway.notifier.retention.RetentionKind;
import org.pathway.notifier.retention.RetentionPurge;
import org.pathway.retention.RetentionJob;
import org.pathway.testsupport.database.TableReads;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.time.MovableClock;
import org.postgresql.ds.PGSimpleDataSource;

/** The delivery log's rules on PostgreSQL, with the service's own migrations. */
class DeliveryStoreIT {

  static TestDatabase pg;
  static PGSimpleDataSource dataSource;

  @AfterAll
  static void dropPg() {
    if (pg != null) {
      pg.close();
    }
  }

  /** A fresh delivery log: the test database's schema emptied and migrated again. */
  private static DeliveryStore store() {
    if (pg == null) {
      pg = TestDatabase.create("notifier");
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(pg.url());
    ds.setUser(pg.username());
    ds.setPassword(pg.password());
    try (var c = ds.getConnection();
        var s = c.createStatement()) {
      s.execute("drop schema public cascade; create schema public");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Flyway.configure().dataSource(ds).load().migrate();
    dataSource = ds;
    return new DeliveryStore(ds);
  }

  private static NewDelivery row(String orderKey, String referral) {
    return new NewDelivery(
        UUID.randomUUID().toString(),
        referral,
        orderKey,
        "EMAIL",
        "t",
        new byte[] {1},
        "test",
        1000);
  }

  @Test
  void keepsOrderPerRecipientAndReferralWhileTheHeadBacksOff() {
    DeliveryStore store = store();
    NewDelivery a1 = row("A", "r1");
    NewDelivery a2 = row("A", "r1");
    NewDelivery b1 = row("B", "r2");
    store.accept(a1);
    store.accept(a2);
    store.accept(b1);

    // At most the limit, oldest first; a2 waits behind a1.
    assertThat(ids(store.claimDue(2000, 60_000, 1))).containsExactly(a1.notificationId());
    store.recordRetry(a1.notificationId(), 1, "503", 10_000, false);

    // Oldest due first: b1 has waited since 1000, a1 only since 10_000; a2 still waits.
    assertThat(ids(store.claimDue(10_000, 60_000, 1))).containsExactly(b1.notificationId());
    assertThat(ids(store.claimDue(10_000, 60_000, 10))).containsExactly(a1.notificationId());
    assertThat(store.attempts(a1.notificationId())).hasSize(2);

    store.recordDelivered(a1.notificationId(), "ref", 10_001, UUID.randomUUID().toString(), false);
    assertThat(ids(store.claimDue(10_002, 60_000, 10))).containsExactly(a2.notificationId());
  }

  /**
   * A notifier polls its empty log from start-up on; over a pooled connection PostgreSQL then keeps
   * a generic plan of the claim, made for a table of no rows, and reuses it when a burst fills the
   * log before any ANALYZE (autovacuum comes round a minute later, or never where it is off). With
   * the log's first indexes that plan read every unfinished delivery for each due one: in B5,
   * 171,676 buffers a claim, and the notifier fell minutes behind. The claim's indexes leave no
   * such plan to choose.
   */
  @Test
  void aClaimAfterABurstReadsNoMoreThanTheLogHoldsThoughItsPlanWasFirstMadeOnAnEmptyLog()
      throws Exception {
    store();
    try (HikariDataSource pooled = oneConnection()) {
      DeliveryStore store = new DeliveryStore(pooled);
      // given a notifier that has looked for work in an empty log, poll after poll
      for (int poll = 0; poll < 10; poll++) {
        assertThat(store.claimDue(2000, 60_000, 16)).isEmpty();
      }
      // when a burst queues deliveries, each to a recipient of its own
      int queued = 1500;
      for (int i = 0; i < queued; i++) {
        store.accept(row("key-" + i, "r" + i));
      }
      long before = TableReads.rowsRead(pooled, "delivery");
      List<Delivery> claimed = store.claimDue(2000, 60_000, 16);
      long read = TableReads.rowsRead(pooled, "delivery") - before;

      // then the claim takes what it may and reads fewer rows than the log holds (the plan made
      // on the empty log read 1,500 rows for each of the 1,500: 2,250,000)
      assertThat(claimed).hasSize(16);
      assertThat(read).as("rows of the delivery log read by one claim").isLessThan(queued);
    }
  }

  /**
   * Every delivery's row is written four times (queued, claimed, finished, its receipt published),
   * and until vacuum comes round each old version keeps its index entries. With the log's first
   * index, (receipt_published, status), the receipt publisher's read of what is due visited every
   * finished delivery's old version on the heap: 1,146 buffers a read in B6 (3,000 referrals, 9,000
   * deliveries). Read in publication order from an index of due receipts only, it stops at its
   * limit, and the versions it passes were marked dead by the reads before it.
   */
  @Test
  void readingTheReceiptsDueTouchesNoMoreThanThemHoweverManyWerePublishedBefore() throws Exception {
    store();
    try (HikariDataSource pooled = oneConnection()) {
      DeliveryStore store = new DeliveryStore(pooled);
      try (Connection c = pooled.getConnection();
          Statement s = c.createStatement()) {
        // a burst: autovacuum has not come round to the log
        s.execute("alter table delivery set (autovacuum_enabled = false)");
      }
      // given a burst of 3,000 deliveries made, the log's statistics gathered while their receipts
      // were still due, and then every receipt published, a hundred at a time
      for (int i = 0; i < 3000; i++) {
        store.accept(row("key-" + i, "r" + i));
      }
      long now = 2000;
      while (!deliverEverythingDue(store, ++now).isEmpty()) {
        // until every delivery is made
      }
      try (Connection c = pooled.getConnection();
          Statement s = c.createStatement()) {
        s.execute("analyze delivery");
      }
      List<Delivery> published;
      while (!(published = store.unpublished(100)).isEmpty()) {
        store.markPublished(ids(published));
      }
      // and 16 more delivered, their receipts not yet published
      for (int i = 0; i < 16; i++) {
        store.accept(row("late-" + i, "late-" + i));
      }
      List<String> due = deliverEverythingDue(store, ++now);

      // when the publisher reads what is due
      long before = TableReads.blocksTouched(pooled, "delivery");
      List<Delivery> read = store.unpublished(100);
      long touched = TableReads.blocksTouched(pooled, "delivery") - before;

      // then it gets those 16, touching few of the log's blocks (walking the published ones from
      // the oldest, 193 of them)
      assertThat(ids(read)).containsExactlyInAnyOrderElementsOf(due);
      assertThat(touched).as("blocks of the log and its indexes one read touched").isLessThan(100);
    }
  }

  private static List<String> deliverEverythingDue(DeliveryStore store, long now) {
    List<String> delivered = ids(store.claimDue(now, now + 60_000, 1000));
    for (String id : delivered) {
      store.recordDelivered(id, "sent", now, UUID.randomUUID().toString(), false);
    }
    return delivered;
  }

  private static HikariDataSource oneConnection() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.url());
    config.setUsername(pg.username());
    config.setPassword(pg.password());
    // One connection, as a pool hands the same one back: the plan cache is per connection, and one
    // session's statistics count everything the store did.
    config.setMaximumPoolSize(1);
    return new HikariDataSource(config);
  }

  @Test
  void recoversAnInterruptedTryAsInDoubtAndFlagsTheResend() {
    DeliveryStore store = store();
    NewDelivery d = row("A", "r1");
    store.accept(d);
    assertThat(store.claimDue(2000, 3000, 10)).hasSize(1);

    assertThat(store.recoverInterrupted(2500)).isZero();
    assertThat(store.claimDue(2500, 9000, 10)).isEmpty();
    assertThat(store.recoverInterrupted(3001)).isEqualTo(1);

    Delivery again = store.claimDue(3002, 9000, 10).get(0);
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(again.inDoubt()).isTrue();
    assertThat(again.resentInDoubt()).isTrue();
    assertThat(store.attempts(d.notificationId())).hasSize(2);

    store.recordDelivered(d.notificationId(), "ref", 3003, UUID.randomUUID().toString(), true);
    assertThat(store.find(d.notificationId()).orElseThrow().resentInDoubt()).isTrue();
  }

  @Test
  void ignoresARedeliveredRequestAndPublishesEachReceiptUntilMarked() {
    DeliveryStore store = store();
    NewDelivery d = row("A", "r1");
    assertThat(store.accept(d)).isTrue();
    assertThat(store.accept(d)).isFalse();
    assertThat(store.unpublished(10)).isEmpty();

    assertThat(ids(store.claimDue(2000, 9000, 10))).containsExactly(d.notificationId());
    store.recordFailed(
        d.notificationId(), 1, "boom", "gave up", 2001, UUID.randomUUID().toString());
    List<Delivery> due = store.unpublished(10);
    assertThat(due).hasSize(1);
    assertThat(due.get(0).status()).isEqualTo(Status.FAILED);
    assertThat(store.attempts(d.notificationId()))
        .extracting(Delivery.Attempt::error)
        .containsExactly("boom");
    store.markPublished(List.of(d.notificationId()));
    assertThat(store.unpublished(10)).isEmpty();
    assertThat(store.countByStatus()).containsEntry(Status.FAILED, 1L);
  }

  @Test
  void recordsAPollsRequestsInOneStatementSkippingThoseAlreadyKnown() {
    DeliveryStore store = store();
    NewDelivery known = row("A", "r1");
    store.accept(known);
    NewDelivery fresh = row("B", "r2");
    NewDelivery refused = row("C", "r3");

    // A poll: one known before, one new (read twice in the poll), one refused outright
    var recorded =
        store.acceptAll(
            List.of(
                DeliveryStore.Intake.pending(known),
                DeliveryStore.Intake.pending(fresh),
                DeliveryStore.Intake.pending(fresh),
                DeliveryStore.Intake.refused(refused, "refused: unknown template", "receipt-1")));

    assertThat(recorded)
        .containsExactlyInAnyOrder(fresh.notificationId(), refused.notificationId());
    assertThat(store.countByStatus())
        .containsEntry(Status.PENDING, 2L)
        .containsEntry(Status.FAILED, 1L);
    assertThat(store.unpublished(10))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.notificationId()).isEqualTo(refused.notificationId());
              assertThat(d.failureReason()).isEqualTo("refused: unknown template");
            });
    assertThat(store.acceptAll(List.of())).isEmpty();
  }

  @Test
  void twoReplicasClaimingAtOnceNeverTakeTheSameDeliveryNorTwoOfOneOrder() throws Exception {
    // given 200 deliveries in 20 orders, and two notifiers' stores on one delivery log
    DeliveryStore first = store();
    DeliveryStore second = new DeliveryStore(dataSource);
    for (int i = 0; i < 200; i++) {
      first.accept(row("order-" + (i % 20), "r" + (i % 20)));
    }
    Claims claims = new Claims();

    // when both claim small batches as fast as they can, each finishing what it claimed
    var replicas = Executors.newFixedThreadPool(2);
    try {
      for (var done : replicas.invokeAll(List.of(claims.replica(first), claims.replica(second)))) {
        done.get(60, TimeUnit.SECONDS);
      }
    } finally {
      replicas.shutdownNow();
    }

    // then each was claimed and tried once, and none before the one ahead of it had finished
    assertThat(claims.clashes).isEmpty();
    assertThat(claims.claimed).hasSize(200);
    assertThat(first.countByStatus()).containsEntry(Status.DELIVERED, 200L);
    try (var c = dataSource.getConnection();
        var rs = c.createStatement().executeQuery("select count(*) from delivery_attempt")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(200);
    }
  }

  /** What two replicas claimed, and every clash between them. */
  private static final class Claims {
    final Set<String> claimed = ConcurrentHashMap.newKeySet();
    final List<String> clashes = new CopyOnWriteArrayList<>();

    Callable<Void> replica(DeliveryStore store) {
      return () -> {
        while (claimed.size() < 200) {
          for (Delivery d : store.claimDue(5000, 600_000, 3)) {
            if (!claimed.add(d.notificationId())) {
              clashes.add("claimed twice: " + d.notificationId());
            }
            if (unfinishedBefore(d) > 0) {
              clashes.add("claimed before an earlier one of its order finished: " + d.seq());
            }
            store.recordDelivered(
                d.notificationId(), "ref", 5001, UUID.randomUUID().toString(), false);
          }
        }
        return null;
      };
    }

    private static int unfinishedBefore(Delivery d) throws SQLException {
      try (var c = dataSource.getConnection();
          var ps =
              c.prepareStatement(
                  "select count(*) from delivery e, delivery d where d.notification_id = ?"
                      + " and e.order_key = d.order_key and e.seq < d.seq"
                      + " and e.status <> 'DELIVERED'")) {
        ps.setString(1, d.notificationId());
        try (var rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    }
  }

  private static List<String> ids(List<Delivery> ds) {
    return ds.stream().map(Delivery::notificationId).toList();
  }

  @Test
  void aFinishedDeliveryPastItsPeriodLosesItsAddressButStaysKnownAndThePurgeIsRecorded()
      throws Exception {
    // given a delivery sent (receipt out) and one still retrying, both with the recipient's address
    DeliveryStore store = store();
    byte[] request = "to: mabel@example.org".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    NewDelivery sent =
        new NewDelivery(
            UUID.randomUUID().toString(),
            "r1",
            "hash-of-address",
            "EMAIL",
            "t",
            request,
            "test",
            1000);
    NewDelivery retrying =
        new NewDelivery(
            UUID.randomUUID().toString(), "r2", "other", "SMS", "t", request, "test", 1000);
    store.accept(sent);
    store.claimDue(2000, 60_000, 10);
    store.recordRetry(sent.notificationId(), 1, "550 mabel@example.org busy", 3000, false);
    store.claimDue(3000, 60_000, 10);
    store.accept(retrying);
    Instant finished = Instant.parse("2026-01-01T00:00:00Z");
    store.recordDelivered(
        sent.notificationId(), "ref", finished.toEpochMilli(), UUID.randomUUID().toString(), false);
    store.markPublished(List.of(sent.notificationId()));
    MovableClock clock = new MovableClock(finished);
    var job =
        new RetentionJob<>(
            new RetentionPurge(dataSource)::purge,
            RetentionKind.class,
            Map.of(RetentionKind.DELIVERY_LOG, Duration.ofDays(90)),
            10,
            clock);

    // when the job runs on day 89: nothing changes
    clock.set(finished.plus(Duration.ofDays(89)));
    assertThat(job.runOnce()).containsEntry(RetentionKind.DELIVERY_LOG, 0);
    assertThat(store.find(sent.notificationId()).orElseThrow().requestBytes()).isEqualTo(request);

    // when it runs on day 91
    Instant ranAt = finished.plus(Duration.ofDays(91));
    clock.set(ranAt);
    assertThat(job.runOnce()).containsEntry(RetentionKind.DELIVERY_LOG, 1);

    // then the sent one keeps its outcome but not the address, the message or the errors
    Delivery purged = store.find(sent.notificationId()).orElseThrow();
    assertThat(purged.status()).isEqualTo(Status.DELIVERED);
    assertThat(purged.requestBytes()).isEmpty();
    assertThat(store.attempts(sent.notificationId())).isEmpty();
    // and is still known, so a redelivered request with its id is not sent again
    assertThat(store.accept(sent)).isFalse();
    // and the one still retrying is untouched
    assertThat(store.find(retrying.notificationId()).orElseThrow().requestBytes())
        .isEqualTo(request);

    // and the purge is recorded (kind, count, cutoff, time), naming no delivery
    try (var c = dataSource.getConnection();
        var rs =
            c.createStatement()
                .executeQuery("select kind, purged, cutoff, purged_at from retention_purge")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("delivery-log");
      assertThat(rs.getInt(2)).isEqualTo(1);
      assertThat(rs.getLong(3)).isEqualTo(ranAt.minus(Duration.ofDays(90)).toEpochMilli());
      assertThat(rs.getLong(4)).isEqualTo(ranAt.toEpochMilli());
      assertThat(rs.next()).isFalse();
    }

    // and a second run purges nothing more
    assertThat(job.runOnce()).containsEntry(RetentionKind.DELIVERY_LOG, 0);
  }
}
