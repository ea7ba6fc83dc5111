package org.pathway.reporting.streams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.reporting.journey.Journey;

/**
 * Referral events, keyed by referral id, folded per key into that referral's {@link Journey} in the
 * {@link #JOURNEYS} store by {@link JourneyFolder}. The store is backed by a changelog topic
 * ({@code <application-id>-journeys-changelog}), so a lost state directory is rebuilt from it. No
 * repartition: the events are already keyed by referral.
 */
public final class JourneyTopology {

  /** The state store of journeys, keyed by referral id. */
  public static final String JOURNEYS = "journeys";

  private static final String SOURCE = "referral-events";
  private static final String FOLDER = "journey-folder";

  private JourneyTopology() {}

  /**
   * The topology with {@code keptJourneys} journeys kept as objects per task, at most that many
   * unwritten ({@code pathway.streams.kept-journeys}; tests make it tiny).
   */
  public static Topology build(int keptJourneys) {
    Topology topology = new Topology();
    topology.addSource(
        SOURCE,
        Serdes.String().deserializer(),
        new EventDeserializer(),
        Topics.REFERRAL_EVENTS.name());
    topology.addProcessor(FOLDER, JourneyFolder::new, SOURCE);
    topology.addStateStore(JourneyStore.builder(JOURNEYS, keptJourneys), FOLDER);
    return topology;
  }
}
