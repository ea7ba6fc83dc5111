package org.pathway.notifier.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential backoff over a horizon measured from when the request became durable. The last try
 * happens at the horizon; a failure at or after it gives up.
 */
public record RetryPolicy(Duration initial, double multiplier, Duration max, Duration horizon) {

  public RetryPolicy {
    if (initial.isNegative()
        || initial.isZero()
        || multiplier < 1.0
        || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "retry policy needs initial > 0, multiplier >= 1, max >= initial");
    }
  }

  /** What to do after a failed try. */
  public sealed interface Decision {}

  /** Try again at {@code at}. */
  public record RetryAt(Instant at) implements Decision {}

  /** Stop: the horizon is reached. */
  public record GiveUp(String reason) implements Decision {}

  /**
   * The wait after the {@code attempts}-th failed try: initial × multiplier^(attempts−1), capped.
   */
  public Duration backoff(int attempts) {
    double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }

  /**
   * The decision after {@code attempts} failed tries of a request received at {@code receivedAt}.
   */
  public Decision afterFailure(int attempts, Instant receivedAt, Instant now) {
    Instant deadline = receivedAt.plus(horizon);
    if (!now.isBefore(deadline)) {
      return new GiveUp("retry horizon of " + horizon + " reached after " + attempts + " attempts");
    }
    Instant next = now.plus(backoff(attempts));
    return new RetryAt(next.isAfter(deadline) ? deadline : next);
  }
}
