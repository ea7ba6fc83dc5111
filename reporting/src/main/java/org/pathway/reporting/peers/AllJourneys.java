package org.pathway.reporting.peers;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pathway.reporting.config.PeersConfig;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.streams.JourneyStreams;
import org.pathway.reporting.streams.JourneyStreams.NotReadyException;

/**
 * Every journey, wherever it is held: this instance's, and when it holds only some of the
 * partitions, those of the other instances, asked in turn. Figures are made only from the whole
 * set: if any partition has no instance answering for it, {@link NotReadyException} (503), never a
 * figure from part of the referrals.
 */
@Singleton
public class AllJourneys {

  private final JourneyStreams streams;
  private final PeerClient peers;
  private final PeersConfig config;

  public AllJourneys(JourneyStreams streams, PeerClient peers, PeersConfig config) {
    this.streams = streams;
    this.peers = peers;
    this.config = config;
  }

  /**
   * Every journey of every partition.
   *
   * @throws NotReadyException when some partition's journeys cannot be read now
   */
  public List<Journey> all() {
    JourneyStreams.Local local = streams.local();
    int partitions = streams.partitions();
    if (Coverage.missing(partitions, List.of(local.partitions())).isEmpty()) {
      return local.journeys();
    }
    if (!config.enabled()) {
      throw NotReadyException.because(
          "this instance holds partitions "
              + local.partitions()
              + " of "
              + partitions
              + "; for the others' journeys set pathway.peers.address (REPORTING_PEER_ADDRESS)"
              + " and pathway.peers.secret (REPORTING_PEER_SECRET) on every instance");
    }
    List<Set<Integer>> answered = new ArrayList<>(List.of(local.partitions()));
    // By referral: a rebalance between two answers may show a journey twice, never two versions.
    Map<String, Journey> byReferral = new LinkedHashMap<>();
    local.journeys().forEach(j -> byReferral.put(j.referralId(), j));
    for (String other : streams.others()) {
      PeerAnswer answer = peers.fetch(other);
      answered.add(answer.partitions());
      answer.journeys().forEach(j -> byReferral.putIfAbsent(j.referralId(), j));
    }
    List<Integer> missing = Coverage.missing(partitions, answered);
    if (!missing.isEmpty()) {
      throw NotReadyException.because(
          "no running reporting instance answered for partitions " + missing + " yet");
    }
    return new ArrayList<>(byReferral.values());
  }
}
