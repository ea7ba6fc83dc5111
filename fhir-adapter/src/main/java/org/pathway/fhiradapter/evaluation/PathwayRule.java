package org.pathway.fhiradapter.evaluation;

import java.util.List;
import java.util.Map;

/**
 * Which pathway a referral follows: the one its referrer names ({@code ServiceRequest.category} in
 * {@code CodeSystems.PATHWAY}), else the one whose age bands hold the person's age band, else the
 * default pathway. A plain function of the configured {@link Pathways}.
 */
public final class PathwayRule {

  private final Pathways pathways;

  public PathwayRule(Pathways pathways) {
    this.pathways = pathways;
  }

  /**
   * The pathway of a referral.
   *
   * @param ageBand the person's age band ({@link AgeBands}), or null when unknown
   * @param named the pathway codes the referrer sent (checked with {@link #unknown} first)
   */
  public String decide(String ageBand, List<String> named) {
    for (String n : named) {
      if (pathways.byName().containsKey(n)) {
        return n;
      }
    }
    if (ageBand != null) {
      for (Map.Entry<String, Pathways.Pathway> e : pathways.byName().entrySet()) {
        if (e.getValue().ageBands().contains(ageBand)) {
          return e.getKey();
        }
      }
    }
    return pathways.defaultPathway();
  }

  /** The codes in {@code named} that are not configured pathways. */
  public List<String> unknown(List<String> named) {
    return named.stream().filter(n -> !pathways.byName().containsKey(n)).toList();
  }

  /** The configured pathway names, for a refusal that says what is accepted. */
  public List<String> names() {
    return List.copyOf(pathways.byName().keySet());
  }
}
