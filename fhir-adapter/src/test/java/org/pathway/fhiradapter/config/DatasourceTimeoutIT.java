package org.pathway.fhiradapter.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.pathway.testsupport.database.TestDatabase;

/**
 * The ledger's connection settings reach Hikari and PostgreSQL: the connection timeout, a duration
 * in Pathway's settings, in milliseconds; every commit waiting for its WAL flush.
 */
class DatasourceTimeoutIT {

  @Test
  void theLedgersConnectionSettingsReachHikariAndPostgres() throws Exception {
    try (TestDatabase db = TestDatabase.create("fhir_adapter")) {
      // As embedded PostgreSQL (dev mode) defaults to, whatever this server's own default
      db.commitWithoutFlushByDefault();
      Map<String, Object> environment = new HashMap<>(db.datasourceProperties());
      environment.put("DATASOURCE_CONNECTION_TIMEOUT", "3s");
      environment.put("pathway.outbox.enabled", false);
      environment.put("pathway.applier.enabled", false);
      environment.put("pathway.sla.enabled", false);
      environment.put("FHIR_PORT", 0);
      try (ApplicationContext context = ApplicationContext.run(environment)) {
        HikariDataSource hikari = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
        assertThat(hikari.getConnectionTimeout()).isEqualTo(3_000);
        // and a batch of INSERTs reaches PostgreSQL as multi-row INSERTs
        assertThat(hikari.getDataSourceProperties()).containsEntry("reWriteBatchedInserts", "true");
        // and a 2xx means durable: the ledger's sessions wait for each commit's flush
        try (Connection session = hikari.getConnection()) {
          assertThat(TestDatabase.synchronousCommit(session)).isEqualTo("on");
        }
      }
    }
  }
}
