package org.pathway.reporting.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.JourneyFold;

/**
 * Referral events, keyed by referral id, folded per key into that referral's {@link Journey} in the
 * {@link #JOURNEYS} store. The store is backed by a changelog topic ({@code
 * <application-id>-journeys-changelog}), so a lost state directory is rebuilt from it. No
 * repartition: the events are already keyed by referral.
 */
public final class JourneyTopology {

  /** The state store of journeys, keyed by referral id. */
  public static final String JOURNEYS = "journeys";

  private JourneyTopology() {}

  public static Topology build() {
    Serde<SpecificRecord> events = Serdes.serdeFrom(new EventSerializer(), new EventDeserializer());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.REFERRAL_EVENTS.name(), Consumed.with(Serdes.String(), events))
        .filter((referralId, event) -> referralId != null && event != null)
        .groupByKey()
        .aggregate(
            () -> null,
            (referralId, event, journey) ->
                JourneyFold.apply(journey == null ? Journey.start(referralId) : journey, event),
            Materialized.<String, Journey, KeyValueStore<Bytes, byte[]>>as(JOURNEYS)
                .withKeySerde(Serdes.String())
                .withValueSerde(new JourneySerde()));
    return builder.build();
  }
}
