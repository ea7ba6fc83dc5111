package org.pathway.fhiradapter.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The retention period of each kind of data, and the cutoff it gives at a moment. */
public final class RetentionPolicy {

  private final Map<RetentionKind, Duration> periods = new EnumMap<>(RetentionKind.class);

  /** Keeps {@code kind} for {@code period}. */
  public RetentionPolicy keep(RetentionKind kind, Duration period) {
    periods.put(kind, period);
    return this;
  }

  /** How long each kind the policy names is kept. */
  public Map<RetentionKind, Duration> periods() {
    return Collections.unmodifiableMap(periods);
  }

  /**
   * What is older than each cutoff at {@code now} has passed its period: {@code now} minus the
   * period, for every kind the policy names.
   */
  public Map<RetentionKind, Instant> cutoffs(Instant now) {
    Map<RetentionKind, Instant> cutoffs = new EnumMap<>(RetentionKind.class);
    periods.forEach((kind, period) -> cutoffs.put(kind, now.minus(period)));
    return Collections.unmodifiableMap(cutoffs);
  }
}
