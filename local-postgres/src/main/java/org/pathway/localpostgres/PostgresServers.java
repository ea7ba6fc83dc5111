package org.pathway.localpostgres;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the PostgreSQL that dev mode and tests run against: the server named by {@code
 * PATHWAY_POSTGRES_URL} (or the system property {@code pathway.postgres.url}) when set, otherwise
 * an embedded PostgreSQL started from the binaries on the classpath. Either is a real PostgreSQL.
 */
public final class PostgresServers {

  /** The environment variable naming an external server: the JDBC URL of an admin database. */
  public static final String URL_ENV = "PATHWAY_POSTGRES_URL";

  /** The system property that does the same, e.g. {@code -Dpathway.postgres.url=...}. */
  public static final String URL_PROPERTY = "pathway.postgres.url";

  private PostgresServers() {}

  /** A server for tests: the configured one, or a throw-away embedded server. */
  public static PostgresServer forTests() {
    return configured(System::getenv)
        .<PostgresServer>map(ExternalServer::new)
        .orElseGet(EmbeddedServer::startTemporary);
  }

  /** A server for dev mode: the configured one, or an embedded server keeping data in dataDir. */
  public static PostgresServer forDev(Path dataDir) {
    return configured(System::getenv)
        .<PostgresServer>map(ExternalServer::new)
        .orElseGet(() -> EmbeddedServer.start(dataDir));
  }

  /** The external server the environment (or the system property) names, if any. */
  static Optional<ServerUrl> configured(Function<String, String> env) {
    String setting = URL_ENV;
    String url = env.apply(URL_ENV);
    if (url == null || url.isBlank()) {
      setting = "-D" + URL_PROPERTY;
      url = System.getProperty(URL_PROPERTY);
    }
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(ServerUrl.parse(url.trim(), setting));
  }
}
