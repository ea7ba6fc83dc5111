package org.pathway.directory;

import java.time.Instant;
import java.util.Objects;
import org.pathway.events.avro.CapacityStatus;

/**
 * A service's capacity: its status and, when known, places left and whether its waitlist is open.
 *
 * @param placesLeft places left, or null when not said
 * @param waitlistOpen whether the waitlist is open, or null when not said
 * @param reportedAt when it was said (the feed's time, or the group's report), or null
 * @param version 0 when it comes from the feed; else the {@code HealthcareService} version the
 *     group's report made, so a reader can keep the newest report whatever order they arrive in
 */
public record Capacity(
    CapacityStatus status,
    Integer placesLeft,
    Boolean waitlistOpen,
    Instant reportedAt,
    int version) {

  /** Nothing known: what an entry without {@code service_capacity} has. */
  public static final Capacity UNKNOWN = new Capacity(CapacityStatus.UNKNOWN, null, null, null, 0);

  public Capacity {
    Objects.requireNonNull(status, "status");
    if (placesLeft != null && placesLeft < 0) {
      throw new IllegalArgumentException("places left cannot be negative: " + placesLeft);
    }
  }

  /** True when this came from a group's own report rather than the feed. */
  public boolean reported() {
    return version > 0;
  }

  /**
   * The status places and waitlist imply: places left means capacity; none, with the waitlist open
   * or closed, means no capacity (with or without a waitlist); nothing said is unknown.
   */
  public static CapacityStatus statusOf(Integer placesLeft, Boolean waitlistOpen) {
    if (placesLeft != null && placesLeft > 0) {
      return CapacityStatus.CAPACITY;
    }
    if (Boolean.TRUE.equals(waitlistOpen)) {
      return CapacityStatus.NO_CAPACITY_HAS_WAITLIST;
    }
    return placesLeft == null ? CapacityStatus.UNKNOWN : CapacityStatus.NO_CAPACITY;
  }
}
