package org.pathway.localpostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL as dev mode and tests use it: real 17.5 binaries, data kept on disk. */
class EmbeddedServerIT {

  @TempDir Path dataDir;

  @Test
  void runsPostgres17FiveAndKeepsDataAcrossARestartOnTheSameDirectory() throws Exception {
    long started = System.nanoTime();
    try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
      System.out.printf(
          "embedded PostgreSQL up in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      Database ledger = server.createDatabase("ledger");
      assertThat(ledger.url())
          .isEqualTo("jdbc:postgresql://localhost:" + server.port() + "/ledger");
      try (Connection c = ledger.connect();
          Statement s = c.createStatement()) {
        assertThat(scalar(s, "SELECT version()")).startsWith("PostgreSQL 17.5");
        assertThat(scalar(s, "SELECT current_database()")).isEqualTo("ledger");
        s.execute("CREATE TABLE referral (id TEXT PRIMARY KEY)");
        s.execute("INSERT INTO referral VALUES ('r-1')");
      }
      assertThatThrownBy(() -> EmbeddedServer.start(dataDir))
          .as("a second server on the same data directory")
          .hasMessageContaining("in use by another running process");
      try (Connection c = ledger.connect()) {
        assertThat(c.isValid(2)).as("the first server still runs").isTrue();
      }
    }

    try (EmbeddedServer again = EmbeddedServer.start(dataDir)) {
      Database ledger = again.createDatabase("ledger");
      try (Connection c = ledger.connect();
          Statement s = c.createStatement()) {
        assertThat(scalar(s, "SELECT id FROM referral")).isEqualTo("r-1");
      }
    }
  }

  @Test
  void aThrowAwayServerCreatesDropsAndServesAsAnExternalServer() throws Exception {
    try (EmbeddedServer server = EmbeddedServer.startTemporary()) {
      // the external path, pointed at this server as PATHWAY_POSTGRES_URL would point it
      PostgresServer external =
          new ExternalServer(
              ServerUrl.parse(
                  "jdbc:postgresql://localhost:" + server.port() + "/postgres?user=postgres", "X"));
      Database db = external.createDatabase("from_outside");
      assertThat(external.createDatabase("from_outside")).isEqualTo(db);
      try (Connection c = server.createDatabase("from_outside").connect();
          Statement s = c.createStatement()) {
        assertThat(scalar(s, "SELECT current_database()")).isEqualTo("from_outside");
      }

      external.dropDatabase("from_outside");
      assertThatThrownBy(db::connect)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("from_outside");
      assertThatThrownBy(() -> server.createDatabase("Robert'); DROP"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static String scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
