package org.pathway.router.decision;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions the router knows, the highest version of each: read from the compacted {@code
 * pathway.subscriptions} by every instance, so each holds them all. Thread-safe.
 */
public final class Subscribers {

  private final Map<String, Subscriber> byId = new ConcurrentHashMap<>();

  /** Keeps {@code s} unless a version as high is held; true when it replaced what was known. */
  public boolean apply(Subscriber s) {
    boolean[] newer = {false};
    byId.compute(
        s.id(),
        (id, held) -> {
          if (held != null && held.version() >= s.version()) {
            return held;
          }
          newer[0] = true;
          return s;
        });
    return newer[0];
  }

  /** Every active subscription. */
  public List<Subscriber> active() {
    return byId.values().stream().filter(Subscriber::active).toList();
  }
}
