package org.pathway.access.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callers of tokens already verified, kept until each token's {@code exp} so a repeat costs a map
 * lookup instead of a signature check. Bounded; an expired entry is never served.
 */
final class VerifiedTokenCache {

  private record Entry(Caller caller, Instant expiresAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final Clock clock;

  VerifiedTokenCache(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The caller of {@code token} if it was verified and has not expired since; else null. */
  Caller get(String token) {
    Entry entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (!entry.expiresAt().isAfter(clock.instant())) {
      entries.remove(token, entry);
      return null;
    }
    return entry.caller();
  }

  void put(String token, Caller caller, Instant expiresAt) {
    Instant now = clock.instant();
    if (!expiresAt.isAfter(now)) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
      if (entries.size() >= maxEntries) {
        // Full of live tokens: verifying this one again next time is slower, never wrong.
        return;
      }
    }
    entries.put(token, new Entry(caller, expiresAt));
  }

  int size() {
    return entries.size();
  }
}
