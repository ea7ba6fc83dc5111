package org.pathway.testsupport.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test sets or moves by hand (in UTC), so that tokens, SLA steps and export jobs age
 * without the test sleeping. Safe to read from the service's threads while the test moves it.
 */
public final class MovableClock extends Clock {

  private final AtomicReference<Instant> now;

  public MovableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock starting at the system's time now. */
  public static MovableClock now() {
    return new MovableClock(Instant.now());
  }

  /** Sets the time. */
  public void set(Instant instant) {
    now.set(instant);
  }

  /** Moves the time on by {@code by}. */
  public void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Override
  public Instant instant() {
    return now.get();
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
