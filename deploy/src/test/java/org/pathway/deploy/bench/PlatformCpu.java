package org.pathway.deploy.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pathway.testsupport.process.ProcessCpu;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * Where a B5 run's CPU went, by process: each service's JVM, PostgreSQL, and this JVM (the harness:
 * the in-process broker, the GP system's FHIR server, the webhook receiver, the link worker and the
 * load generator), so a saturated pathway says which process to look at first.
 */
final class PlatformCpu {

  /** CPU time so far, by process name, in nanoseconds. */
  record Reading(Map<String, Long> nanos) {

    /** What each process used between {@code before} and this. */
    Reading since(Reading before) {
      Map<String, Long> used = new LinkedHashMap<>();
      nanos.forEach((name, n) -> used.put(name, n - before.nanos.getOrDefault(name, 0L)));
      return new Reading(used);
    }

    /** Milliseconds of CPU per referral, by process and in all, for {@code referrals} referrals. */
    String perReferral(long referrals) {
      if (referrals == 0) {
        return "no referral sent";
      }
      long total = nanos.values().stream().mapToLong(Long::longValue).sum();
      return nanos.entrySet().stream()
              .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / 1e6 / referrals))
              .collect(Collectors.joining(", "))
          + String.format("; all %.1f ms", total / 1e6 / referrals);
    }
  }

  private final List<ServiceJvm> services;

  PlatformCpu(List<ServiceJvm> services) {
    this.services = services;
  }

  Reading now() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    for (ServiceJvm s : services) {
      nanos.put(s.name(), ProcessCpu.ofProcess(s.pid()));
    }
    nanos.put("postgresql", ProcessCpu.postgresNanos());
    nanos.put("harness", ProcessCpu.thisJvmNanos());
    return new Reading(nanos);
  }
}
