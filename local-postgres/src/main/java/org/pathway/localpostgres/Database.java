package org.pathway.localpostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * One database on a PostgreSQL server and how to reach it.
 *
 * @param name the database's name on its server
 * @param url the JDBC URL of the database, without credentials
 * @param username the role to connect as
 * @param password that role's password; empty for the embedded server, which trusts local roles
 */
public record Database(String name, String url, String username, String password) {

  /** A new connection to this database; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, username, password);
  }

  /**
   * The environment variables that point a Pathway service at this database ({@code
   * DATASOURCE_URL}, {@code DATASOURCE_USERNAME}, {@code DATASOURCE_PASSWORD}).
   */
  public Map<String, String> environment() {
    return Map.of(
        "DATASOURCE_URL", url, "DATASOURCE_USERNAME", username, "DATASOURCE_PASSWORD", password);
  }
}
