package org.pathway.fhiradapter.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM (the adapters, the load generator and the in-process broker) and
 * by every PostgreSQL process on the machine, so a benchmark step can say where its CPU went per
 * request. PostgreSQL's share is read from {@code /proc}: each process's own time and, for the
 * postmaster, that of the backends it has reaped, so a connection closed mid-step still counts.
 *
 * @param jvmNanos this JVM's CPU time
 * @param postgresNanos PostgreSQL's CPU time (0 where {@code /proc} cannot be read)
 */
record CpuUse(long jvmNanos, long postgresNanos) {

  /** Clock ticks per second of {@code /proc/<pid>/stat}: USER_HZ, 100 on Linux. */
  private static final long TICK_NANOS = 10_000_000L;

  static CpuUse now() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new CpuUse(os.getProcessCpuTime(), postgresTicks() * TICK_NANOS);
  }

  /** What was used between {@code before} and this. */
  CpuUse since(CpuUse before) {
    return new CpuUse(jvmNanos - before.jvmNanos, postgresNanos - before.postgresNanos);
  }

  /** Microseconds of JVM CPU per one of {@code count}. */
  double jvmMicrosPer(long count) {
    return count == 0 ? 0 : jvmNanos / 1e3 / count;
  }

  /** Microseconds of PostgreSQL CPU per one of {@code count}. */
  double postgresMicrosPer(long count) {
    return count == 0 ? 0 : postgresNanos / 1e3 / count;
  }

  private static long postgresTicks() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToLong(CpuUse::ticksIfPostgres)
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long ticksIfPostgres(Path proc) {
    String stat;
    try {
      stat = Files.readString(proc.resolve("stat"));
    } catch (IOException e) {
      return 0; // gone between the listing and the read
    }
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
      return 0;
    }
    // After "(comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), counted from 1.
    String[] f = stat.substring(close + 2).split(" ");
    return Long.parseLong(f[11])
        + Long.parseLong(f[12])
        + Long.parseLong(f[13])
        + Long.parseLong(f[14]);
  }
}
