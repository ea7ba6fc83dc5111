package org.pathway.reporting.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.JourneyFold;

/**
 * Folds each referral event into its journey in the {@link JourneyTopology#JOURNEYS} store, as the
 * DSL's aggregate did, but keeping the task's recently touched journeys as objects ({@link
 * HotJourneys}) so a referral's next event neither reads the store nor decodes the journey. Writes
 * through: every change goes to the store (its record cache, RocksDB and changelog) before the hot
 * copy, and an event that changes nothing writes nothing, so a redelivery costs no changelog
 * record.
 */
final class JourneyFolder implements Processor<String, SpecificRecord, Void, Void> {

  private final HotJourneys hot;
  private TimestampedKeyValueStore<String, Journey> store;

  JourneyFolder(int hotCapacity) {
    this.hot = new HotJourneys(hotCapacity);
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(JourneyTopology.JOURNEYS);
    // Streams calls init again on a task it revives after wiping and restoring its store: what
    // was kept before may be newer than the restored store, so start from the store alone.
    hot.clear();
  }

  @Override
  public void process(Record<String, SpecificRecord> event) {
    String referralId = event.key();
    if (referralId == null || !JourneyFold.concerns(event.value())) {
      return;
    }
    ValueAndTimestamp<Journey> kept = hot.get(referralId);
    if (kept == null) {
      kept = store.get(referralId);
    }
    Journey before = kept == null ? Journey.start(referralId) : kept.value();
    Journey after = JourneyFold.apply(before, event.value());
    if (kept != null && (after == before || after.equals(before))) {
      hot.put(kept);
      return;
    }
    // As the DSL's aggregate did: the stored timestamp is the latest of the key's events.
    long at = kept == null ? event.timestamp() : Math.max(kept.timestamp(), event.timestamp());
    ValueAndTimestamp<Journey> next = ValueAndTimestamp.make(after, at);
    store.put(referralId, next);
    hot.put(next);
  }

  /** How many journeys this task keeps as objects now. */
  int keptJourneys() {
    return hot.size();
  }

  @Override
  public void close() {
    // A closed task may be reopened (or migrate back) after its store moved on elsewhere.
    hot.clear();
  }
}
