package org.pathway.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.pathway.localpostgres.Database;
import org.pathway.localpostgres.PostgresServer;
import org.pathway.localpostgres.PostgresServers;

/**
 * The database each service gets in dev mode, one per service on one real PostgreSQL: embedded, or
 * the server {@code PATHWAY_POSTGRES_URL} names.
 */
public final class DevDatabases implements AutoCloseable {

  /** Each service's database, by module. */
  private static final Map<String, String> NAMES =
      Map.of("fhir-adapter", "ledger", "router", "router", "notifier", "notifier");

  private final String description;
  private final Function<String, Database> create;
  private final AutoCloseable onClose;

  private DevDatabases(
      String description, Function<String, Database> create, AutoCloseable onClose) {
    this.description = description;
    this.create = create;
    this.onClose = onClose;
  }

  /**
   * Dev mode: databases {@code ledger}, {@code router} and {@code notifier}, kept across restarts,
   * on an embedded PostgreSQL with its data in {@code dir} (or on the configured server).
   */
  public static DevDatabases kept(Path dir) {
    PostgresServer server = PostgresServers.forDev(dir);
    return new DevDatabases(
        server.description(), module -> server.createDatabase(NAMES.get(module)), server);
  }

  /**
   * The demo: databases no earlier run has touched, dropped again on {@link #close} (on the
   * configured server too), on an embedded PostgreSQL with its data in {@code dir}.
   */
  public static DevDatabases fresh(Path dir) {
    PostgresServer server = PostgresServers.forDev(dir);
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    List<String> created = new ArrayList<>();
    return new DevDatabases(
        server.description(),
        module -> {
          String name = NAMES.get(module) + "_" + run;
          Database database = server.createDatabase(name);
          created.add(name);
          return database;
        },
        () -> {
          try {
            created.forEach(server::dropDatabase);
          } finally {
            server.close();
          }
        });
  }

  /** Databases someone else provides and cleans up (e.g. a test's own). */
  public static DevDatabases of(String description, Function<String, Database> databases) {
    return new DevDatabases(description, databases, () -> {});
  }

  /** The database of service {@code module} ({@code fhir-adapter}, {@code router}, ...). */
  public Database forService(String module) {
    if (!NAMES.containsKey(module)) {
      throw new IllegalArgumentException("no database for " + module);
    }
    return create.apply(module);
  }

  /** One line for the start-up banner. */
  public String description() {
    return description;
  }

  @Override
  public void close() throws Exception {
    onClose.close();
  }
}
