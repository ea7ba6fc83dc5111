package org.pathway.localpostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates and drops databases through a server's admin database, the same way for the embedded
 * server and an external one.
 */
final class ServerAdmin {

  /** Safe to splice into DDL unquoted: PostgreSQL folds nothing and needs no quoting for these. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private static final String DUPLICATE_DATABASE = "42P04";

  private final ServerUrl admin;

  ServerAdmin(ServerUrl admin) {
    this.admin = admin;
  }

  Database create(String name) {
    check(name);
    Database database = database(name);
    try (Connection c = connect();
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return database;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        // Another process created it between our look and our CREATE: it exists, which is the
        // point.
        if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
          throw e;
        }
      }
      return database;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not create database " + name + " on " + admin.redacted() + ": " + e.getMessage(),
          e);
    }
  }

  void drop(String name) {
    check(name);
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  void execute(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + admin.redacted() + " refused '" + sql + "': " + e.getMessage(), e);
    }
  }

  Database database(String name) {
    return new Database(name, admin.forDatabase(name), admin.username(), admin.password());
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(admin.url(), admin.username(), admin.password());
  }

  private static void check(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database name '"
              + name
              + "' must be lower-case letters, digits and underscores, starting with a letter");
    }
  }
}
