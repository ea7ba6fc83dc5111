package org.pathway.router.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.router.Fixtures;
import org.pathway.router.decision.KnownReferral;

/** The dev-mode database (H2) runs the same SQL as PostgreSQL, which the ITs cover. */
class H2RepositoriesTest {

  private JdbcDataSource dataSource;

  @BeforeEach
  void createDatabase() {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Schema.ensure(dataSource);
    Schema.ensure(dataSource);
  }

  @Test
  void remembersAnEventIdOncePerProcessor() {
    var events = new JdbcIdempotentRepository(dataSource, "referral-events");
    var other = new JdbcIdempotentRepository(dataSource, "someone-else");

    assertThat(events.contains("e1")).isFalse();
    assertThat(events.add("e1")).isTrue();
    assertThat(events.add("e1")).isFalse();
    assertThat(events.contains("e1")).isTrue();
    assertThat(other.contains("e1")).isFalse();
    assertThat(events.remove("e1")).isTrue();
    assertThat(events.contains("e1")).isFalse();
  }

  @Test
  void remembersTheLatestPracticeOfAReferral() {
    var memory = new ReferralMemory(dataSource);

    memory.remember("r1", Fixtures.known("A81001"));
    memory.remember("r1", Fixtures.known("B82005"));

    assertThat(memory.recall("r1").practiceOdsCode()).isEqualTo("B82005");
    assertThat(memory.recall("unknown")).isEqualTo(KnownReferral.unknown());
  }

  @Test
  void remembersThePersonAsTheGpKnowsThem() {
    var memory = new ReferralMemory(dataSource);

    memory.remember("r2", Fixtures.known("A81001"));

    assertThat(memory.recall("r2")).isEqualTo(Fixtures.known("A81001"));
    assertThat(memory.recall("r2").personName()).isEqualTo("Alex Jones");
  }
}
