package org.pathway.testsupport.database;

import org.pathway.localpostgres.PostgresServer;
import org.pathway.localpostgres.PostgresServers;

/**
 * The one PostgreSQL of a test JVM, started on first use: starting a server per test would cost
 * seconds each, a database per test costs milliseconds.
 */
final class SharedServer {

  private SharedServer() {}

  static PostgresServer get() {
    return Holder.SERVER;
  }

  /** Lazy and thread-safe through class initialisation. */
  private static final class Holder {
    static final PostgresServer SERVER = start();

    private static PostgresServer start() {
      PostgresServer server = PostgresServers.forTests();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
      return server;
    }
  }
}
