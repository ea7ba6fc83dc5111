package org.pathway.localpostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Run by {@link KilledDevModeIT} in a JVM of its own: starts a kept server on the directory in its
 * argument, writes a row, says so, and waits to be killed.
 */
public final class KeptServerMain {

  private KeptServerMain() {}

  public static void main(String[] args) throws Exception {
    EmbeddedServer server = EmbeddedServer.start(Path.of(args[0]));
    try (Connection c = server.createDatabase("ledger").connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE referral (id TEXT PRIMARY KEY)");
      s.execute("INSERT INTO referral VALUES ('r-1')");
    }
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
