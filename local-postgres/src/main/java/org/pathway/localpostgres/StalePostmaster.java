package org.pathway.localpostgres;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL left running on a kept data directory by a dev-mode JVM that was killed (kill
 * -9 skips shutdown hooks, and the postmaster runs detached from the JVM); otherwise the next start
 * fails with "another server might be running".
 */
final class StalePostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

  private StalePostmaster() {}

  static void stop(Path dataDir) throws IOException {
    refuseIfInUse(dataDir);
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> postmaster =
        lines.isEmpty() ? Optional.empty() : parse(lines.get(0)).flatMap(ProcessHandle::of);
    if (postmaster.isEmpty() || !isPostgres(postmaster.get())) {
      return; // a stale file only: PostgreSQL itself ignores it when the process is gone
    }
    ProcessHandle process = postmaster.get();
    LOG.warn("stopping PostgreSQL (pid {}) left running on {}", process.pid(), dataDir);
    process.destroy(); // SIGTERM
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  /**
   * A live dev mode holds zonky's lock file in the data directory: its server is not stale, and two
   * servers must never share one directory.
   */
  private static void refuseIfInUse(Path dataDir) throws IOException {
    Path lockFile = dataDir.resolve("epg-lock");
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDir);
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw inUse(dataDir);
    }
  }

  private static IllegalStateException inUse(Path dataDir) {
    return new IllegalStateException(
        "PostgreSQL data in " + dataDir + " is in use by another running process (dev mode?)");
  }

  private static Optional<Long> parse(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
  }
}
