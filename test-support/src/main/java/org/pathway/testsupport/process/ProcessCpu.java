package org.pathway.testsupport.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time used so far by a process, this JVM, or every PostgreSQL process on the machine, so a
 * benchmark can say which process a step's CPU went to. Differences between two readings are what a
 * step cost; a reading alone means little.
 */
public final class ProcessCpu {

  /** Clock ticks per second of {@code /proc/<pid>/stat}: USER_HZ, 100 on Linux. */
  private static final long TICK_NANOS = 10_000_000L;

  private ProcessCpu() {}

  /** This JVM's CPU time, every thread's (an in-process broker's included). */
  public static long thisJvmNanos() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return os.getProcessCpuTime();
  }

  /** Process {@code pid}'s CPU time, or 0 once it is gone. */
  public static long ofProcess(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(h -> h.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(0L);
  }

  /**
   * The CPU time of every process named {@code postgres}: each one's own and, for the postmaster,
   * that of the backends it has reaped, so a connection closed between two readings still counts. 0
   * where {@code /proc} cannot be read.
   */
  public static long postgresNanos() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .mapToLong(ProcessCpu::ticksIfPostgres)
              .sum()
          * TICK_NANOS;
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
