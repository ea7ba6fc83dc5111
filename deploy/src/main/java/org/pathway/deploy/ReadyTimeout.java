package org.pathway.deploy;

import java.time.Duration;
import java.util.function.Function;

/**
 * How long each service of dev mode may take to become ready: {@code PATHWAY_READY_TIMEOUT} ({@code
 * 90s}, {@code 10m}), 3 minutes when unset. A machine shared by many builds can need longer.
 */
final class ReadyTimeout {

  private ReadyTimeout() {}

  static Duration from(Function<String, String> env) {
    String value = env.apply("PATHWAY_READY_TIMEOUT");
    if (value == null || value.isBlank()) {
      return Duration.ofMinutes(3);
    }
    String v = value.trim();
    try {
      long amount = Long.parseLong(v.substring(0, v.length() - 1));
      if (amount > 0 && v.endsWith("s")) {
        return Duration.ofSeconds(amount);
      }
      if (amount > 0 && v.endsWith("m")) {
        return Duration.ofMinutes(amount);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "PATHWAY_READY_TIMEOUT is '" + value + "', which is not a duration such as 90s or 10m");
  }
}
