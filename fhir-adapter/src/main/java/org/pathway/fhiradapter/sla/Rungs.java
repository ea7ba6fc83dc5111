package org.pathway.fhiradapter.sla;

import java.util.Locale;
import org.pathway.events.avro.OverdueRung;

/** The ladder's rungs as the ledger stores them ({@code nudge}...) and as events carry them. */
public final class Rungs {

  private Rungs() {}

  /** The event's rung for a stored one; an unknown name is {@code UNKNOWN}. */
  public static OverdueRung toEvent(String stored) {
    try {
      return OverdueRung.valueOf(stored.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return OverdueRung.UNKNOWN;
    }
  }

  /** The stored name of an event's rung. */
  public static String stored(OverdueRung rung) {
    return rung.name().toLowerCase(Locale.ROOT);
  }
}
