package org.pathway.fhiradapter.access;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * A token bucket per client id: each client may make its rate of requests per second, with bursts
 * of up to one second's worth. Held in memory, so each replica enforces the limit on its own share
 * of the traffic (a flood spread over N replicas gets N times the rate).
 */
public final class ClientRateLimits {

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final ToIntFunction<String> rateOf;
  private final LongSupplier nanoClock;

  /**
   * @param rateOf requests per second for a client id (its registration's, or the default)
   * @param nanoClock monotonic nanoseconds ({@code System::nanoTime})
   */
  public ClientRateLimits(ToIntFunction<String> rateOf, LongSupplier nanoClock) {
    this.rateOf = rateOf;
    this.nanoClock = nanoClock;
  }

  /**
   * Takes one request from {@code clientId}'s bucket: {@link Duration#ZERO} when allowed, otherwise
   * how long until the next request would be.
   */
  public Duration take(String clientId) {
    Bucket bucket = buckets.computeIfAbsent(clientId, id -> new Bucket(rateOf.applyAsInt(id)));
    return bucket.take(nanoClock.getAsLong());
  }

  private static final class Bucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last = Long.MIN_VALUE;

    Bucket(int perSecond) {
      this.perNano = perSecond / 1e9;
      this.capacity = Math.max(1, perSecond);
      this.tokens = capacity;
    }

    synchronized Duration take(long now) {
      if (last != Long.MIN_VALUE) {
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
      }
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
    }
  }
}
