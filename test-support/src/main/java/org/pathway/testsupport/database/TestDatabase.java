package org.pathway.testsupport.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.pathway.localpostgres.Database;
import org.pathway.localpostgres.PostgresServer;

/**
 * A fresh, uniquely named PostgreSQL database for one test, dropped on {@link #close}. All of a
 * test JVM's databases live on one server: an embedded PostgreSQL started once and stopped at JVM
 * exit, or the server {@code PATHWAY_POSTGRES_URL} names.
 */
public final class TestDatabase implements AutoCloseable {

  private final PostgresServer server;
  private final Database database;

  private TestDatabase(PostgresServer server, Database database) {
    this.server = server;
    this.database = database;
  }

  /** A new database called {@code <prefix>_<random>}; the prefix says whose it is in a listing. */
  public static TestDatabase create(String prefix) {
    String name =
        prefix.toLowerCase(Locale.ROOT)
            + "_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    PostgresServer server = SharedServer.get();
    return new TestDatabase(server, server.createDatabase(name));
  }

  public String name() {
    return database.name();
  }

  public String url() {
    return database.url();
  }

  public String username() {
    return database.username();
  }

  public String password() {
    return database.password();
  }

  /** Name, URL and credentials in one value, e.g. for dev mode's service databases. */
  public Database database() {
    return database;
  }

  /** A new connection to this database; the caller closes it. */
  public Connection connect() throws SQLException {
    return database.connect();
  }

  /** Micronaut properties pointing a service in this JVM at this database. */
  public Map<String, Object> datasourceProperties() {
    return Map.of(
        "datasources.default.url", url(),
        "datasources.default.username", username(),
        "datasources.default.password", password());
  }

  /** Environment variables pointing a service JVM at this database ({@code DATASOURCE_*}). */
  public Map<String, String> environment() {
    return database.environment();
  }

  /**
   * Makes this database's new sessions commit without waiting for the WAL flush unless they ask for
   * it themselves, as embedded PostgreSQL does by default, whatever the server's own default: a
   * service started afterwards shows by its connections whether it asks for durable commits.
   */
  public void commitWithoutFlushByDefault() {
    server.execute("ALTER DATABASE " + name() + " SET synchronous_commit TO off");
  }

  /** The {@code synchronous_commit} setting a session runs with ({@code on}, {@code off}...). */
  public static String synchronousCommit(Connection session) throws SQLException {
    try (Statement show = session.createStatement();
        ResultSet rs = show.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Refuses new connections and ends the open ones, as if the server had gone away. */
  public void cutOff() {
    server.execute("ALTER DATABASE " + name() + " ALLOW_CONNECTIONS false");
    server.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name() + "'");
  }

  /** Accepts connections again after {@link #cutOff}. */
  public void restore() {
    server.execute("ALTER DATABASE " + name() + " ALLOW_CONNECTIONS true");
  }

  @Override
  public void close() {
    server.dropDatabase(name());
  }
}
