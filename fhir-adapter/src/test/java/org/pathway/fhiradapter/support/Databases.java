package org.pathway.fhiradapter.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/** Throw-away ledger databases: a fresh PostgreSQL database, or a fresh H2 file. */
public final class Databases {

  public static final String PG_ADMIN_URL =
      System.getProperty("pathway.test.pg", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String PG_USER = "postgres";

  private Databases() {}

  /** A database that exists until {@link #close}. */
  public interface Db extends AutoCloseable {
    String url();

    String user();

    /** The database name (PostgreSQL), for tests that take it away and give it back. */
    default String name() {
      return null;
    }

    @Override
    void close();
  }

  /** A new PostgreSQL database with a random name; fails loudly when PostgreSQL is not there. */
  public static Db postgres() {
    String name = "fhir_adapter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    exec("CREATE DATABASE " + name);
    String url = PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + name;
    return new Db() {
      @Override
      public String url() {
        return url;
      }

      @Override
      public String user() {
        return PG_USER;
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public void close() {
        exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    };
  }

  /** A new H2 file database in a temporary directory. */
  public static Db h2() {
    try {
      Path dir = Files.createTempDirectory("ledger-h2-");
      String url =
          "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
      return new Db() {
        @Override
        public String url() {
          return url;
        }

        @Override
        public String user() {
          return "sa";
        }

        @Override
        public void close() {}
      };
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs one statement against PostgreSQL's admin database. */
  public static void exec(String sql) {
    try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
        var st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + PG_ADMIN_URL + " failed '" + sql.toLowerCase(Locale.ROOT) + "'", e);
    }
  }
}
