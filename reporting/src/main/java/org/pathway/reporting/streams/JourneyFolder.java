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
 * DSL's aggregate did. An event that changes nothing writes nothing, so a redelivery costs no
 * changelog record; the store ({@link JourneyStore}) keeps recent journeys as objects and writes
 * the changed ones once per commit.
 */
final class JourneyFolder implements Processor<String, SpecificRecord, Void, Void> {

  private TimestampedKeyValueStore<String, Journey> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(JourneyTopology.JOURNEYS);
  }

  @Override
  public void process(Record<String, SpecificRecord> event) {
    String referralId = event.key();
    if (referralId == null || !JourneyFold.concerns(event.value())) {
      return;
    }
    ValueAndTimestamp<Journey> kept = store.get(referralId);
    Journey before = kept == null ? Journey.start(referralId) : kept.value();
    Journey after = JourneyFold.apply(before, event.value());
    if (kept != null && (after == before || after.equals(before))) {
      return;
    }
    // As the DSL's aggregate did: the stored timestamp is the latest of the key's events.
    long at = kept == null ? event.timestamp() : Math.max(kept.timestamp(), event.timestamp());
    store.put(referralId, ValueAndTimestamp.make(after, at));
  }
}
