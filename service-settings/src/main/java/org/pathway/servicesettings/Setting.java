package org.pathway.servicesettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A setting as an operator meets it: its key in {@code application.yml} and the environment
 * variable that sets it. Typed configuration records check their values with it, so every complaint
 * names both (e.g. {@code pathway.outbox.batch-size (OUTBOX_BATCH_SIZE) must be at least 1, not
 * 0}).
 */
public record Setting(String key, String env) {

  public static Setting of(String key, String env) {
    return new Setting(key, env);
  }

  /** {@code value}, if at least 1. */
  public int positive(int value) {
    if (value < 1) {
      throw invalid("must be at least 1, not " + value);
    }
    return value;
  }

  /** {@code value}, if at least {@code min}. */
  public double atLeast(double value, double min) {
    if (!(value >= min)) {
      throw invalid("must be at least " + min + ", not " + value);
    }
    return value;
  }

  /** {@code value}, if longer than zero. */
  public Duration positive(Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw invalid("must be a duration longer than zero (e.g. 15s, 2m), not " + show(value));
    }
    return value;
  }

  /** {@code value}, if set and not blank. */
  public String notBlank(String value) {
    if (value == null || value.isBlank()) {
      throw invalid("must not be blank");
    }
    return value;
  }

  /** {@code value}, or the empty string when it is unset (optional text settings). */
  public String optional(String value) {
    return value == null ? "" : value;
  }

  /** {@code value}, if it is one of {@code allowed} (ignoring case). */
  public String oneOf(String value, Set<String> allowed) {
    if (value == null || allowed.stream().noneMatch(a -> a.equalsIgnoreCase(value.trim()))) {
      throw invalid("must be one of " + allowed + ", not " + value);
    }
    return value.trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code value}, if {@code holds}; otherwise the start-up stops, saying it {@code must ...}. */
  public <T> T require(T value, boolean holds, String must) {
    if (!holds) {
      throw invalid(must + ", not " + show(value));
    }
    return value;
  }

  /** {@code value} as it would be written in {@code application.yml}: durations as {@code 15s}. */
  public static String show(Object value) {
    if (!(value instanceof Duration d) || d.isNegative()) {
      return String.valueOf(value);
    }
    long millis = d.toMillis();
    for (var unit :
        List.of(
            Map.entry(86_400_000L, "d"),
            Map.entry(3_600_000L, "h"),
            Map.entry(60_000L, "m"),
            Map.entry(1_000L, "s"))) {
      if (millis > 0 && millis % unit.getKey() == 0) {
        return millis / unit.getKey() + unit.getValue();
      }
    }
    return millis + "ms";
  }

  /** A complaint about this setting. */
  public InvalidSettingException invalid(String problem) {
    return new InvalidSettingException(this + " " + problem);
  }

  @Override
  public String toString() {
    return key + " (" + env + ")";
  }
}
