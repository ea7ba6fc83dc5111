package org.pathway.reporting.figures;

import java.time.Instant;
import java.util.Set;
import org.pathway.reporting.journey.Journey;

/**
 * Which journeys a figure counts: referred in {@code [from, to)}, from these practices or PCNs, on
 * this pathway, and within the caller's area. Null or empty means no restriction.
 *
 * @param from referred at or after
 * @param to referred before
 * @param practices practice ODS codes
 * @param pcns primary care network codes
 * @param pathway the pathway
 * @param area the organisations (practices or PCNs) a caller's registration limits it to
 */
public record Filter(
    Instant from,
    Instant to,
    Set<String> practices,
    Set<String> pcns,
    String pathway,
    Set<String> area) {

  public Filter {
    practices = practices == null ? Set.of() : Set.copyOf(practices);
    pcns = pcns == null ? Set.of() : Set.copyOf(pcns);
    area = area == null ? Set.of() : Set.copyOf(area);
  }

  /** Every journey. */
  public static final Filter ALL = new Filter(null, null, null, null, null, null);

  /** Whether the journey counts. A journey whose referral has not been seen never does. */
  public boolean includes(Journey journey) {
    Long referred = journey.referredAt();
    if (referred == null) {
      return false;
    }
    if (from != null && referred < from.toEpochMilli()) {
      return false;
    }
    if (to != null && referred >= to.toEpochMilli()) {
      return false;
    }
    String practice = journey.profile().practice();
    String pcn = journey.profile().pcn();
    if (!practices.isEmpty() && !in(practices, practice)) {
      return false;
    }
    if (!pcns.isEmpty() && !in(pcns, pcn)) {
      return false;
    }
    if (pathway != null && !pathway.equals(journey.profile().pathway())) {
      return false;
    }
    return area.isEmpty() || in(area, practice) || in(area, pcn);
  }

  // A referral from a council, the police or the person themselves has no practice or PCN; the
  // immutable sets here throw when asked whether they hold null.
  private static boolean in(Set<String> codes, String code) {
    return code != null && codes.contains(code);
  }
}
