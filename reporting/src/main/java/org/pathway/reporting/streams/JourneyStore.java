package org.pathway.reporting.streams;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.pathway.reporting.journey.Journey;

/**
 * The journeys store: a task's recently touched journeys kept as objects ({@link HotJourneys}) over
 * a timestamped RocksDB store with its changelog and no record cache. A changed journey is written
 * below once per commit, not once per event: Kafka Streams flushes every store's cache before it
 * flushes the changelog's producer and commits the task's offsets, and this store is the cache it
 * flushes, so what a committed offset covers is in the changelog. A journey evicted unwritten to
 * make room is written then, as Streams' own cache does.
 *
 * <p>Being flushed before a commit is not public API: a store takes part by implementing the
 * internal {@code CachedStateStore}, through {@link WrappedStateStore}, as every layer of Streams'
 * own stores does (Kafka Streams 4.3; public state stores are committed only after the offsets).
 * {@code JourneyStoreIT} fails if an upgrade stops calling it before a commit.
 *
 * <p>Interactive queries read on other threads: they see unwritten journeys too ({@link #get},
 * {@link #all}); the kept journeys are guarded by this store's monitor.
 */
final class JourneyStore
    extends WrappedStateStore<TimestampedKeyValueStore<String, Journey>, String, Journey>
    implements TimestampedKeyValueStore<String, Journey> {

  private final HotJourneys kept;

  /** Over {@code below} (in the service, RocksDB with its changelog: {@link #builder}). */
  JourneyStore(TimestampedKeyValueStore<String, Journey> below, int capacity) {
    super(below);
    this.kept = new HotJourneys(capacity);
  }

  /** A builder of the store named {@code name}, keeping {@code capacity} journeys per task. */
  static StoreBuilder<JourneyStore> builder(String name, int capacity) {
    return new Builder(name, capacity);
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // Streams initialises a store again when it revives a task after wiping and restoring it:
    // what was kept before may be newer than the restored store, so start from the store alone.
    synchronized (this) {
      kept.clear();
    }
    super.init(context, root);
  }

  @Override
  public ValueAndTimestamp<Journey> get(String referralId) {
    synchronized (this) {
      ValueAndTimestamp<Journey> journey = kept.get(referralId);
      if (journey != null) {
        return journey;
      }
    }
    return wrapped().get(referralId);
  }

  @Override
  public synchronized void put(String referralId, ValueAndTimestamp<Journey> journey) {
    if (journey == null) {
      delete(referralId);
      return;
    }
    KeyValue<String, ValueAndTimestamp<Journey>> evicted = kept.put(referralId, journey);
    if (evicted != null) {
      wrapped().put(evicted.key, evicted.value);
    }
  }

  @Override
  public synchronized ValueAndTimestamp<Journey> putIfAbsent(
      String referralId, ValueAndTimestamp<Journey> journey) {
    ValueAndTimestamp<Journey> existing = get(referralId);
    if (existing == null) {
      put(referralId, journey);
    }
    return existing;
  }

  @Override
  public synchronized void putAll(List<KeyValue<String, ValueAndTimestamp<Journey>>> entries) {
    entries.forEach(e -> put(e.key, e.value));
  }

  @Override
  public synchronized ValueAndTimestamp<Journey> delete(String referralId) {
    ValueAndTimestamp<Journey> kept = this.kept.remove(referralId);
    ValueAndTimestamp<Journey> stored = wrapped().delete(referralId);
    return kept != null ? kept : stored;
  }

  /** Every journey, unwritten ones as kept; in no particular order (as the interface allows). */
  @Override
  public KeyValueIterator<String, ValueAndTimestamp<Journey>> all() {
    Map<String, ValueAndTimestamp<Journey>> unwritten;
    synchronized (this) {
      unwritten = kept.unwritten();
    }
    return new Overlaid(wrapped().all(), unwritten);
  }

  /** Not offered: the journeys are read by referral or all at once. */
  @Override
  public KeyValueIterator<String, ValueAndTimestamp<Journey>> range(String from, String to) {
    throw new UnsupportedOperationException("the journeys store is read by key or all at once");
  }

  @Override
  public long approximateNumEntries() {
    synchronized (this) {
      return wrapped().approximateNumEntries() + kept.unwrittenCount();
    }
  }

  /** Writes every unwritten journey below, before Streams flushes the changelog and commits. */
  @Override
  public synchronized void flushCache() {
    for (KeyValue<String, ValueAndTimestamp<Journey>> j : kept.takeUnwritten()) {
      wrapped().put(j.key, j.value);
    }
    super.flushCache();
  }

  /** Forgets what was kept (Streams calls this when a task's store may have changed beneath). */
  @Override
  public synchronized void clearCache() {
    kept.clear();
    super.clearCache();
  }

  /**
   * Closes without writing: Streams flushes a store before a clean close, so what is still
   * unwritten here belongs to a task closed dirty, whose offsets are not committed either.
   */
  @Override
  public void close() {
    synchronized (this) {
      kept.clear();
    }
    super.close();
  }

  /** How many journeys this task keeps as objects now. */
  synchronized int keptJourneys() {
    return kept.size();
  }

  /** How many of the kept journeys are not written below yet. */
  synchronized int unwrittenJourneys() {
    return kept.unwrittenCount();
  }

  /** The stored journeys, with the unwritten ones in place of what is stored of them. */
  private static final class Overlaid
      implements KeyValueIterator<String, ValueAndTimestamp<Journey>> {

    private final KeyValueIterator<String, ValueAndTimestamp<Journey>> stored;
    private final Map<String, ValueAndTimestamp<Journey>> unwritten;
    private final Iterator<Map.Entry<String, ValueAndTimestamp<Journey>>> rest;
    private KeyValue<String, ValueAndTimestamp<Journey>> next;

    Overlaid(
        KeyValueIterator<String, ValueAndTimestamp<Journey>> stored,
        Map<String, ValueAndTimestamp<Journey>> unwritten) {
      this.stored = stored;
      this.unwritten = new HashMap<>(unwritten);
      this.rest = this.unwritten.entrySet().iterator();
    }

    @Override
    public boolean hasNext() {
      while (next == null && stored.hasNext()) {
        KeyValue<String, ValueAndTimestamp<Journey>> s = stored.next();
        if (!unwritten.containsKey(s.key)) {
          next = s;
        }
      }
      if (next == null && rest.hasNext()) {
        Map.Entry<String, ValueAndTimestamp<Journey>> u = rest.next();
        next = KeyValue.pair(u.getKey(), u.getValue());
      }
      return next != null;
    }

    @Override
    public KeyValue<String, ValueAndTimestamp<Journey>> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      KeyValue<String, ValueAndTimestamp<Journey>> n = next;
      next = null;
      return n;
    }

    @Override
    public String peekNextKey() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return next.key;
    }

    @Override
    public void close() {
      stored.close();
    }
  }

  /**
   * Builds the store over Streams' own timestamped, logged RocksDB store: the same layout and
   * changelog the DSL's aggregate made, so a state directory or changelog written before opens
   * unchanged. Caching is this store's own; the record cache below is always off.
   */
  private static final class Builder implements StoreBuilder<JourneyStore> {

    private final StoreBuilder<TimestampedKeyValueStore<String, Journey>> logged;
    private final int capacity;

    Builder(String name, int capacity) {
      this.capacity = capacity;
      this.logged =
          Stores.timestampedKeyValueStoreBuilder(
                  Stores.persistentTimestampedKeyValueStore(name),
                  Serdes.String(),
                  new JourneySerde())
              .withCachingDisabled()
              .withLoggingEnabled(Map.of());
    }

    @Override
    public StoreBuilder<JourneyStore> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<JourneyStore> withCachingDisabled() {
      throw new UnsupportedOperationException("the journeys store is its own cache");
    }

    @Override
    public StoreBuilder<JourneyStore> withLoggingEnabled(Map<String, String> config) {
      logged.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<JourneyStore> withLoggingDisabled() {
      logged.withLoggingDisabled();
      return this;
    }

    @Override
    public JourneyStore build() {
      return new JourneyStore(logged.build(), capacity);
    }

    @Override
    public Map<String, String> logConfig() {
      return logged.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return logged.loggingEnabled();
    }

    @Override
    public String name() {
      return logged.name();
    }
  }
}
