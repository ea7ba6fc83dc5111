package org.pathway.router;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test sets: registered as the router's {@link Clock} bean, it stamps decisions. */
public final class TestClock extends Clock {

  private final AtomicReference<Instant> now = new AtomicReference<>();
  private final AtomicReference<String> fault = new AtomicReference<>();

  /** Follows the system clock until {@link #set} fixes it. */
  public TestClock() {}

  /** Fixes the time; null lets it follow the system clock again. */
  public void set(Instant instant) {
    now.set(instant);
  }

  /**
   * Makes every reading fail with {@code why} until {@link #repair}: a fault inside the router that
   * is neither Kafka nor its database, so the error policy retries and then dead-letters the record
   * it was deciding — as any non-transient failure of a decision would be.
   */
  public void breakDown(String why) {
    fault.set(why);
  }

  /** Readings work again. */
  public void repair() {
    fault.set(null);
  }

  @Override
  public Instant instant() {
    String why = fault.get();
    if (why != null) {
      throw new DateTimeException(why);
    }
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
