package org.pathway.reporting.bench;

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
import org.pathway.reporting.streams.JourneySerde;
import org.pathway.reporting.streams.JourneyTopology;

/**
 * The DSL aggregate the reporting topology used before {@code JourneyFolder}, kept only so B10 can
 * measure that step ({@code -Db10.topology=dsl}).
 */
final class DslAggregateTopology {

  private DslAggregateTopology() {}

  static Topology build() {
    Serde<SpecificRecord> events = Serdes.serdeFrom(new EventSerializer(), new EventDeserializer());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.REFERRAL_EVENTS.name(), Consumed.with(Serdes.String(), events))
        .filter((referralId, event) -> referralId != null && event != null)
        .groupByKey()
        .aggregate(
            () -> null,
            (referralId, event, journey) ->
                JourneyFold.apply(journey == null ? Journey.start(referralId) : journey, event),
            Materialized.<String, Journey, KeyValueStore<Bytes, byte[]>>as(JourneyTopology.JOURNEYS)
                .withKeySerde(Serdes.String())
                .withValueSerde(new JourneySerde()));
    return builder.build();
  }
}
