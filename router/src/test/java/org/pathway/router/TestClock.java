package org.pathway.router;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test sets: registered as the router's {@link Clock} bean, it stamps decisions. */
public final class TestClock extends Clock {

  private final AtomicReference<Instant> now = new AtomicReference<>();

  /** Follows the system clock until {@link #set} fixes it. */
  public TestClock() {}

  /** Fixes the time; null lets it follow the system clock again. */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    Instant fixed = now.get();
    return fixed == null ? Instant.now() : fixed;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
