package org.pathway.fhiradapter.bench;

import org.pathway.testsupport.process.ProcessCpu;

/**
 * CPU time used so far by this JVM (the adapters, the load generator and the in-process broker) and
 * by every PostgreSQL process on the machine, so a benchmark step can say where its CPU went per
 * request ({@link ProcessCpu}).
 *
 * @param jvmNanos this JVM's CPU time
 * @param postgresNanos PostgreSQL's CPU time (0 where {@code /proc} cannot be read)
 */
record CpuUse(long jvmNanos, long postgresNanos) {

  static CpuUse now() {
    return new CpuUse(ProcessCpu.thisJvmNanos(), ProcessCpu.postgresNanos());
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
}
