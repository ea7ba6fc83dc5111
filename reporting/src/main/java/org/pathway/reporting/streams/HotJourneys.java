package org.pathway.reporting.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.pathway.reporting.journey.Journey;

/**
 * The journeys one stream task touched last, kept as objects (least recently used evicted), so a
 * referral's next event skips the store read and the journey's decoding. A copy of what the store
 * holds, never the only one: {@link JourneyFolder} writes every change to the store first, then
 * here, and clears this whenever the task is (re)initialised or closed.
 */
final class HotJourneys {

  /** Journeys kept per task unless configured otherwise. */
  static final int DEFAULT_CAPACITY = 4096;

  private final LinkedHashMap<String, ValueAndTimestamp<Journey>> journeys;

  HotJourneys(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    // Access order: a get makes the journey the most recently used.
    this.journeys =
        new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(
              Map.Entry<String, ValueAndTimestamp<Journey>> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The journey of {@code referralId} with its stored timestamp if kept, else null. */
  ValueAndTimestamp<Journey> get(String referralId) {
    return journeys.get(referralId);
  }

  /** Keeps {@code journey} as the latest of its referral, as the store holds it. */
  void put(ValueAndTimestamp<Journey> journey) {
    journeys.put(journey.value().referralId(), journey);
  }

  /** Forgets every journey: the store is again the only truth. */
  void clear() {
    journeys.clear();
  }

  int size() {
    return journeys.size();
  }
}
