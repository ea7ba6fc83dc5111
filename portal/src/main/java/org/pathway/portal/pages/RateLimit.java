package org.pathway.portal.pages;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many forms one client address may send in a window (a fixed window per address), so a script
 * cannot flood the ledger with referrals. Held in memory: each portal replica counts its own.
 */
public final class RateLimit {

  /** Beyond this many addresses the counts of finished windows are dropped. */
  private static final int MAX_ADDRESSES = 10_000;

  private final int perWindow;
  private final Duration window;
  private final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();

  private record Count(long windowStart, int used) {}

  /**
   * @param perWindow the most forms an address may send in one window
   * @param window the window's length
   */
  public RateLimit(int perWindow, Duration window) {
    if (perWindow < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a rate limit needs a positive count and window");
    }
    this.perWindow = perWindow;
    this.window = window;
  }

  /** Whether {@code address} may send one more form at {@code now}; counts it if so. */
  public boolean allow(String address, Instant now) {
    long start = now.toEpochMilli() / window.toMillis();
    if (counts.size() > MAX_ADDRESSES) {
      counts.values().removeIf(c -> c.windowStart() != start);
    }
    Count after =
        counts.compute(
            address == null ? "" : address,
            (a, c) ->
                c == null || c.windowStart() != start
                    ? new Count(start, 1)
                    : new Count(start, Math.min(c.used() + 1, perWindow + 1)));
    return after.used() <= perWindow;
  }
}
