package org.pathway.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the resident set of some processes once a second from {@code /proc/<pid>/status}: the
 * kernel's own figures, not the JVM's view of its heap, since the RSS target is about what the
 * machine must hold.
 */
final class MemorySampler implements AutoCloseable {

  /** One process's figures, in KiB; {@code hwm} is the kernel's high-water mark (VmHWM). */
  static final class Stats {
    volatile long first = -1;
    volatile long peak;
    volatile long last;
    volatile long hwm;
    volatile int samples;

    synchronized void add(long rss, long highWater) {
      if (first < 0) {
        first = rss;
      }
      peak = Math.max(peak, rss);
      last = rss;
      hwm = highWater;
      samples++;
    }
  }

  private final Map<String, Long> pids;
  private final Map<String, Stats> stats = new LinkedHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
          });

  /** Starts sampling now and then every second; {@code pids} maps a name to its process id. */
  MemorySampler(Map<String, Long> pids) {
    this.pids = new LinkedHashMap<>(pids);
    this.pids.keySet().forEach(name -> stats.put(name, new Stats()));
    timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  /** Takes one more sample now (e.g. right at the end of the load) and returns the figures. */
  Map<String, Stats> finish() {
    close();
    sample();
    return stats;
  }

  private synchronized void sample() {
    pids.forEach(
        (name, pid) -> {
          long[] figures = read(pid);
          if (figures != null) {
            stats.get(name).add(figures[0], figures[1]);
          }
        });
  }

  /** VmRSS and VmHWM of {@code pid} in KiB, or null if it is gone. */
  static long[] read(long pid) {
    try {
      long rss = -1;
      long hwm = -1;
      for (String line : Files.readAllLines(Path.of("/proc", "" + pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kib(line);
        }
      }
      return rss < 0 ? null : new long[] {rss, hwm};
    } catch (IOException e) {
      return null;
    }
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
