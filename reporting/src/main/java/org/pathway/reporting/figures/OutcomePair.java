package org.pathway.reporting.figures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Score;

/**
 * A journey's entry and exit scores on one instrument, on the instrument's reported scale (SWEMWBS
 * metric).
 *
 * @param instrument the instrument both were taken with
 * @param entry the entry score
 * @param exit the exit score
 */
public record OutcomePair(String instrument, double entry, double exit) {

  /** Exit minus entry. */
  public double change() {
    return exit - entry;
  }

  /** Whether the change reaches the instrument's meaningful threshold (false when it has none). */
  public boolean improved() {
    Double threshold = WellbeingScales.meaningfulChange(instrument);
    return threshold != null && change() >= threshold;
  }

  /**
   * The journey's pairs, one per instrument: its first entry score and its last exit score, only
   * when both exist on that instrument and the entry was taken before the exit.
   */
  public static List<OutcomePair> of(Journey journey) {
    List<OutcomePair> pairs = new ArrayList<>();
    journey.scores().stream()
        .map(Score::instrument)
        .distinct()
        .forEach(
            instrument -> {
              Optional<Score> entry =
                  timed(journey, instrument, "ENTRY").min(Comparator.comparing(Score::effectiveAt));
              Optional<Score> exit =
                  timed(journey, instrument, "EXIT").max(Comparator.comparing(Score::effectiveAt));
              if (entry.isPresent()
                  && exit.isPresent()
                  && entry.get().effectiveAt() < exit.get().effectiveAt()) {
                pairs.add(
                    new OutcomePair(
                        instrument,
                        WellbeingScales.reported(instrument, entry.get().score()),
                        WellbeingScales.reported(instrument, exit.get().score())));
              }
            });
    return pairs;
  }

  private static java.util.stream.Stream<Score> timed(
      Journey journey, String instrument, String timing) {
    return journey.scores().stream()
        .filter(s -> s.instrument().equals(instrument) && s.timing().equals(timing));
  }
}
