package org.pathway.reporting.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand, so that an export job ages without the test sleeping. */
public final class MovableClock extends Clock {

  private volatile Instant now;

  public MovableClock(Instant now) {
    this.now = now;
  }

  /** Moves the time on by {@code by}. */
  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
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
