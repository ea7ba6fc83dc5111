package org.pathway.reporting.streams;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.pathway.reporting.journey.Journey;

/**
 * The journeys one stream task touched last, kept as objects (least recently used evicted), each
 * marked written (the store below holds it) or unwritten (changed since, held only here). {@link
 * JourneyStore} owns one and guards it; it is not thread-safe on its own.
 */
final class HotJourneys {

  private record Kept(ValueAndTimestamp<Journey> journey, boolean unwritten) {}

  private final int capacity;
  // Access order: a get makes the journey the most recently used.
  private final LinkedHashMap<String, Kept> journeys;
  private int unwritten;

  HotJourneys(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.journeys = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true);
  }

  /** The journey of {@code referralId} with its stored timestamp if kept, else null. */
  ValueAndTimestamp<Journey> get(String referralId) {
    Kept kept = journeys.get(referralId);
    return kept == null ? null : kept.journey();
  }

  /**
   * Keeps {@code journey} as the latest of {@code referralId}, unwritten. Returns the least
   * recently used journey evicted to make room if it was unwritten (the caller must write it), else
   * null.
   */
  KeyValue<String, ValueAndTimestamp<Journey>> put(
      String referralId, ValueAndTimestamp<Journey> journey) {
    Kept before = journeys.put(referralId, new Kept(journey, true));
    if (before == null || !before.unwritten()) {
      unwritten++;
    }
    if (journeys.size() <= capacity) {
      return null;
    }
    Iterator<Map.Entry<String, Kept>> eldest = journeys.entrySet().iterator();
    Map.Entry<String, Kept> evicted = eldest.next();
    eldest.remove();
    if (!evicted.getValue().unwritten()) {
      return null;
    }
    unwritten--;
    return KeyValue.pair(evicted.getKey(), evicted.getValue().journey());
  }

  /** Forgets the journey of {@code referralId}; returns it if it was kept. */
  ValueAndTimestamp<Journey> remove(String referralId) {
    Kept kept = journeys.remove(referralId);
    if (kept == null) {
      return null;
    }
    unwritten -= kept.unwritten() ? 1 : 0;
    return kept.journey();
  }

  /** The unwritten journeys, now marked written: the caller writes them. */
  List<KeyValue<String, ValueAndTimestamp<Journey>>> takeUnwritten() {
    List<KeyValue<String, ValueAndTimestamp<Journey>>> taken = new ArrayList<>(unwritten);
    if (unwritten == 0) {
      return taken;
    }
    // Replacing an entry's value is no access: the order of use stays as it was.
    for (Map.Entry<String, Kept> e : journeys.entrySet()) {
      if (e.getValue().unwritten()) {
        taken.add(KeyValue.pair(e.getKey(), e.getValue().journey()));
        e.setValue(new Kept(e.getValue().journey(), false));
      }
    }
    unwritten = 0;
    return taken;
  }

  /** The unwritten journeys by referral, left as they are. */
  Map<String, ValueAndTimestamp<Journey>> unwritten() {
    Map<String, ValueAndTimestamp<Journey>> copy = new LinkedHashMap<>();
    journeys.forEach(
        (id, kept) -> {
          if (kept.unwritten()) {
            copy.put(id, kept.journey());
          }
        });
    return copy;
  }

  /** Forgets every journey, unwritten ones too. */
  void clear() {
    journeys.clear();
    unwritten = 0;
  }

  int size() {
    return journeys.size();
  }

  int unwrittenCount() {
    return unwritten;
  }
}
