package org.pathway.deploy.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.testsupport.process.ProcessCpu;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * Where a B5 run's CPU went, by process: each service's JVM, PostgreSQL, and this JVM (the harness:
 * the in-process broker, the GP system's FHIR server, the webhook receiver, the link worker and the
 * load generator), so a saturated pathway says which process to look at first.
 */
final class PlatformCpu {

  /**
   * Milliseconds of CPU per referral, by process and in all, between two readings, for {@code
   * referrals} referrals.
   */
  static String perReferral(Tally used, long referrals) {
    if (referrals == 0) {
      return "no referral sent";
    }
    return used.perReferral(referrals, 1e6)
        + String.format("; all %.1f ms", used.total() / 1e6 / referrals);
  }

  private final List<ServiceJvm> services;

  PlatformCpu(List<ServiceJvm> services) {
    this.services = services;
  }

  /** CPU time so far, by process name, in nanoseconds. */
  Tally now() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    for (ServiceJvm s : services) {
      nanos.put(s.name(), ProcessCpu.ofProcess(s.pid()));
    }
    nanos.put("postgresql", ProcessCpu.postgresNanos());
    nanos.put("harness", ProcessCpu.thisJvmNanos());
    return new Tally(nanos);
  }
}
