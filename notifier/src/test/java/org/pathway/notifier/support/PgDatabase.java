package org.pathway.notifier.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A throw-away database on the local PostgreSQL server, dropped on close. */
public final class PgDatabase implements AutoCloseable {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

  public final String name;

  public PgDatabase() {
    name = "notifier_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    execute("create database " + name);
  }

  public String url() {
    return SERVER + name;
  }

  /** Datasource properties pointing the notifier at this database. */
  public Map<String, Object> properties() {
    return Map.of(
        "datasources.default.url", url(),
        "datasources.default.username", "postgres",
        "datasources.default.password", "");
  }

  /** Refuses new connections and ends the open ones, as if the server had gone away. */
  public void cutOff() {
    execute("alter database " + name + " allow_connections false");
    execute(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
  }

  /** Accepts connections again. */
  public void restore() {
    execute("alter database " + name + " allow_connections true");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 refused: " + sql, e);
    }
  }

  @Override
  public void close() {
    execute("drop database if exists " + name + " with (force)");
  }
}
