package org.pathway.localpostgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC URL of a server's admin database, split into the URL without credentials and the role to
 * connect as, so the URL of any other database on the same server can be derived from it.
 *
 * @param url the admin database's URL, {@code user} and {@code password} parameters removed
 * @param username the {@code user} parameter, or the operating-system user as the driver would use
 * @param password the {@code password} parameter, or empty
 */
record ServerUrl(String url, String username, String password) {

  private static final String PREFIX = "jdbc:postgresql://";

  /** Parses {@code jdbcUrl}; {@code setting} names where it came from, for the error message. */
  static ServerUrl parse(String jdbcUrl, String setting) {
    if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          setting
              + " must be a PostgreSQL JDBC URL of an admin database, e.g. "
              + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres (was '"
              + jdbcUrl
              + "')");
    }
    int query = jdbcUrl.indexOf('?');
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    if (base.indexOf('/', PREFIX.length()) < 0) {
      throw new IllegalArgumentException(
          setting
              + " must name a database after the host, e.g. .../postgres (was '"
              + jdbcUrl
              + "')");
    }
    String user = System.getProperty("user.name");
    String password = "";
    List<String> kept = new ArrayList<>();
    if (query >= 0) {
      for (String parameter : jdbcUrl.substring(query + 1).split("&")) {
        int eq = parameter.indexOf('=');
        String key = eq < 0 ? parameter : parameter.substring(0, eq);
        String value =
            eq < 0 ? "" : URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
        switch (key) {
          case "user" -> user = value;
          case "password" -> password = value;
          default -> {
            if (!parameter.isEmpty()) {
              kept.add(parameter);
            }
          }
        }
      }
    }
    String url = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
    return new ServerUrl(url, user, password);
  }

  /** The URL of database {@code name} on the same server, with the same connection parameters. */
  String forDatabase(String name) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String parameters = query < 0 ? "" : url.substring(query);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + parameters;
  }

  /** The URL for messages: it never carries the password. */
  String redacted() {
    return url + " (user " + username + ")";
  }
}
