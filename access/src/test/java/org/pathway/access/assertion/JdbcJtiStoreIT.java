package org.pathway.access.assertion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.time.MovableClock;
import org.postgresql.ds.PGSimpleDataSource;

class JdbcJtiStoreIT {

  /** The table as the FHIR adapter's Flyway migration creates it (see JdbcJtiStore's Javadoc). */
  static final String DDL =
      """
      CREATE TABLE client_assertion_jti (
        client_id  text        NOT NULL,
        jti        text        NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (client_id, jti));
      CREATE INDEX client_assertion_jti_expires_at ON client_assertion_jti (expires_at);
      """;

  TestDatabase database;
  PGSimpleDataSource dataSource;
  final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

  @BeforeEach
  void createTable() throws Exception {
    database = TestDatabase.create("access_jti");
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.url());
    dataSource.setUser(database.username());
    dataSource.setPassword(database.password());
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute(DDL);
    }
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void aJtiIsNewOnceAndSeenEveryTimeAfter() {
    JdbcJtiStore store = new JdbcJtiStore(dataSource, clock);
    Instant expiry = clock.instant().plusSeconds(300);

    assertThat(store.firstUse("practice-1", "jti-1", expiry)).isTrue();
    assertThat(store.firstUse("practice-1", "jti-1", expiry)).isFalse();
    assertThat(store.firstUse("practice-1", "jti-1", expiry.plusSeconds(60))).isFalse();
  }

  @Test
  void remembersAJtiAfterARestart() {
    Instant expiry = clock.instant().plusSeconds(300);
    assertThat(new JdbcJtiStore(dataSource, clock).firstUse("practice-1", "jti-1", expiry))
        .isTrue();

    JdbcJtiStore afterRestart = new JdbcJtiStore(dataSource, clock);

    assertThat(afterRestart.firstUse("practice-1", "jti-1", expiry)).isFalse();
  }

  @Test
  void theSameJtiFromAnotherClientIsItsOwn() {
    JdbcJtiStore store = new JdbcJtiStore(dataSource, clock);
    Instant expiry = clock.instant().plusSeconds(300);

    assertThat(store.firstUse("practice-1", "jti-1", expiry)).isTrue();
    assertThat(store.firstUse("practice-2", "jti-1", expiry)).isTrue();
  }

  @Test
  void purgeForgetsOnlyExpiredJtis() throws Exception {
    JdbcJtiStore store = new JdbcJtiStore(dataSource, clock);
    store.firstUse("practice-1", "short", clock.instant().plusSeconds(60));
    store.firstUse("practice-1", "long", clock.instant().plusSeconds(600));
    clock.advance(Duration.ofMinutes(2));

    assertThat(store.purgeExpired()).isEqualTo(1);

    assertThat(jtis()).isEqualTo(1);
    assertThat(store.firstUse("practice-1", "long", clock.instant().plusSeconds(600))).isFalse();
  }

  @Test
  void anUnreachableDatabaseIsAnUnavailableReplayLogNotAFirstUse() {
    JdbcJtiStore store = new JdbcJtiStore(dataSource, clock);
    database.cutOff();
    try {
      assertThatThrownBy(() -> store.firstUse("practice-1", "jti-9", clock.instant()))
          .isInstanceOf(JtiStoreUnavailableException.class)
          .hasMessageNotContaining("jdbc:");
    } finally {
      database.restore();
    }
  }

  private int jtis() throws Exception {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM client_assertion_jti")) {
      r.next();
      return r.getInt(1);
    }
  }
}
