package org.pathway.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathway.notifier.delivery.Delivery.Status;
import org.pathway.notifier.delivery.DeliveryStore.NewDelivery;
import org.pathway.notifier.support.PgDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/** The delivery log's rules, on both databases it runs on, with the same migrations. */
class DeliveryStoreIT {

  @TempDir static Path dir;
  static PgDatabase pg;

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  @AfterAll
  static void dropPg() {
    if (pg != null) {
      pg.close();
    }
  }

  private static DeliveryStore store(String kind) {
    DataSource ds;
    if (kind.equals("h2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:file:" + dir.resolve("store-" + UUID.randomUUID()));
      h2.setUser("sa");
      ds = h2;
    } else {
      if (pg == null) {
        pg = new PgDatabase();
      }
      PGSimpleDataSource p = new PGSimpleDataSource();
      p.setUrl(pg.url());
      p.setUser("postgres");
      ds = p;
      try (var c = ds.getConnection();
          var s = c.createStatement()) {
        s.execute("drop schema public cascade; create schema public");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    Flyway.configure().dataSource(ds).load().migrate();
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

  @ParameterizedTest
  @MethodSource("databases")
  void keepsOrderPerRecipientAndReferralWhileTheHeadBacksOff(String db) {
    DeliveryStore store = store(db);
    NewDelivery a1 = row("A", "r1");
    NewDelivery a2 = row("A", "r1");
    NewDelivery b1 = row("B", "r2");
    store.accept(a1);
    store.accept(a2);
    store.accept(b1);

    assertThat(ids(store.dueHeads(2000, 10)))
        .containsExactly(a1.notificationId(), b1.notificationId());

    store.claim(a1.notificationId(), 2000, 60_000).orElseThrow();
    store.recordRetry(a1.notificationId(), 1, "503", 10_000, false);
    assertThat(ids(store.dueHeads(3000, 10))).containsExactly(b1.notificationId());
    // Due heads come oldest-due first: b1 has waited since 1000, a1 only since 10_000.
    assertThat(ids(store.dueHeads(10_000, 10)))
        .containsExactly(b1.notificationId(), a1.notificationId());

    store.claim(a1.notificationId(), 10_000, 60_000).orElseThrow();
    store.recordDelivered(a1.notificationId(), "ref", 10_001, UUID.randomUUID().toString(), false);
    assertThat(ids(store.dueHeads(10_002, 10))).contains(a2.notificationId());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void recoversAnInterruptedTryAsInDoubtAndFlagsTheResend(String db) {
    DeliveryStore store = store(db);
    NewDelivery d = row("A", "r1");
    store.accept(d);
    store.claim(d.notificationId(), 2000, 3000).orElseThrow();

    assertThat(store.recoverInterrupted(2500)).isZero();
    assertThat(store.claim(d.notificationId(), 2500, 9000)).isEmpty();
    assertThat(store.recoverInterrupted(3001)).isEqualTo(1);

    Delivery again = store.claim(d.notificationId(), 3002, 9000).orElseThrow();
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(again.inDoubt()).isTrue();
    assertThat(again.resentInDoubt()).isTrue();
    assertThat(store.attempts(d.notificationId())).hasSize(2);

    store.recordDelivered(d.notificationId(), "ref", 3003, UUID.randomUUID().toString(), true);
    assertThat(store.find(d.notificationId()).orElseThrow().resentInDoubt()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void ignoresARedeliveredRequestAndPublishesEachReceiptUntilMarked(String db) {
    DeliveryStore store = store(db);
    NewDelivery d = row("A", "r1");
    assertThat(store.accept(d)).isTrue();
    assertThat(store.accept(d)).isFalse();
    assertThat(store.unpublished(10)).isEmpty();

    store.claim(d.notificationId(), 2000, 9000).orElseThrow();
    store.recordFailed(
        d.notificationId(), 1, "boom", "gave up", 2001, UUID.randomUUID().toString());
    List<Delivery> due = store.unpublished(10);
    assertThat(due).hasSize(1);
    assertThat(due.get(0).status()).isEqualTo(Status.FAILED);
    assertThat(store.attempts(d.notificationId()))
        .extracting(Delivery.Attempt::error)
        .containsExactly("boom");
    store.markPublished(d.notificationId());
    assertThat(store.unpublished(10)).isEmpty();
    assertThat(store.countByStatus()).containsEntry(Status.FAILED, 1L);
  }

  private static List<String> ids(List<Delivery> ds) {
    return ds.stream().map(Delivery::notificationId).toList();
  }
}
