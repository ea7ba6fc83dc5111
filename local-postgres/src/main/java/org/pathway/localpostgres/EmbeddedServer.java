package org.pathway.localpostgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL binaries (zonky's 17.5 build from Maven Central) run as a child process of this
 * JVM, on a free port of the loopback interface. Stopped by {@link #close} or, failing that, by
 * zonky's shutdown hook when the JVM exits.
 */
final class EmbeddedServer extends AdminedServer {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

  /** Generous: two cores shared with builds and brokers can make a 2 s start take far longer. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);

  private final EmbeddedPostgres postgres;
  private final String where;

  private EmbeddedServer(EmbeddedPostgres postgres, String where) {
    super(
        new ServerUrl(
            "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", ""));
    this.postgres = postgres;
    this.where = where;
  }

  /** A server whose data lives in {@code dataDir} and outlives this process (dev mode). */
  static EmbeddedServer start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      StalePostmaster.stop(dataDir);
      return start(
          EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false),
          "data in " + dataDir.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare " + dataDir, e);
    }
  }

  /**
   * A throw-away server: its data directory is deleted when it stops (tests). It never asks the
   * disk to flush: the data dies with the server anyway, and a process killed with -9 (the only
   * crash a test makes) leaves what it wrote in the operating system's cache. A commit that waits
   * for a flush ({@code synchronous_commit = on}, as the ledger's) then costs no disk round trip.
   */
  static EmbeddedServer startTemporary() {
    return start(
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off"),
        "throw-away data, no flushes");
  }

  private static EmbeddedServer start(EmbeddedPostgres.Builder builder, String where) {
    long started = System.nanoTime();
    try {
      EmbeddedPostgres postgres = builder.setPGStartupWait(STARTUP_WAIT).start();
      LOG.info(
          "embedded PostgreSQL started in {} ms on port {} ({})",
          (System.nanoTime() - started) / 1_000_000,
          postgres.getPort(),
          where);
      return new EmbeddedServer(postgres, where);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start (" + where + ")", e);
    }
  }

  /** The port the server listens on at localhost. */
  int port() {
    return postgres.getPort();
  }

  @Override
  public String description() {
    return "embedded PostgreSQL on localhost:" + postgres.getPort() + ", " + where;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
    }
  }
}
