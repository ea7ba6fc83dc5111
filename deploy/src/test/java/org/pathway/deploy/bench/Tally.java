package org.pathway.deploy.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts by name read at one moment (each process's CPU nanoseconds, each service database's
 * commits), and what they became per referral between two readings.
 */
record Tally(Map<String, Long> counts) {

  /** What each count grew by between {@code before} and this. */
  Tally since(Tally before) {
    Map<String, Long> grew = new LinkedHashMap<>();
    counts.forEach((name, n) -> grew.put(name, n - before.counts.getOrDefault(name, 0L)));
    return new Tally(grew);
  }

  /** Every count added up. */
  long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Each count in {@code unit}s per referral, for {@code referrals}: "name 1.2, other 3.4". */
  String perReferral(long referrals, double unit) {
    return counts.entrySet().stream()
        .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / unit / referrals))
        .collect(Collectors.joining(", "));
  }
}
