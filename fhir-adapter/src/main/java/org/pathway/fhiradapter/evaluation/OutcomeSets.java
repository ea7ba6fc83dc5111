package org.pathway.fhiradapter.evaluation;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;

/**
 * Whether a score belongs to its referral's outcome set: an entry score must be on an instrument
 * the pathway takes at entry, an exit score one it takes at exit, an interim score one it takes at
 * either. A plain function of the configured {@link Pathways}.
 */
public final class OutcomeSets {

  /** The instruments an outcome set may name: every {@code WellbeingInstrument} but OTHER. */
  public static final List<WellbeingInstrument> KNOWN =
      Arrays.stream(WellbeingInstrument.values())
          .filter(i -> i != WellbeingInstrument.OTHER)
          .toList();

  private final Pathways pathways;

  public OutcomeSets(Pathways pathways) {
    this.pathways = pathways;
  }

  /**
   * Why a score on {@code instrument} at {@code timing} does not belong to {@code pathway}'s
   * outcome set, as a sentence naming what the pathway takes; empty when it belongs. A referral
   * recorded before pathways were carried (null) or on a pathway no longer configured takes any
   * instrument.
   */
  public Optional<String> refusal(
      String pathway, WellbeingInstrument instrument, MeasurementTiming timing) {
    Pathways.Pathway p = pathway == null ? null : pathways.byName().get(pathway);
    if (p == null) {
      return Optional.empty();
    }
    Set<WellbeingInstrument> allowed = allowed(p, timing);
    if (allowed.contains(instrument)) {
      return Optional.empty();
    }
    return Optional.of(
        "the "
            + pathway
            + " pathway's outcome set does not take "
            + instrument
            + " at "
            + timing.name().toLowerCase(java.util.Locale.ROOT)
            + ": it takes "
            + names(p.entry())
            + " at entry and "
            + names(p.exit())
            + " at exit");
  }

  private static Set<WellbeingInstrument> allowed(Pathways.Pathway p, MeasurementTiming timing) {
    return switch (timing) {
      case ENTRY -> p.entry();
      case EXIT -> p.exit();
      default -> {
        Set<WellbeingInstrument> either = EnumSet.noneOf(WellbeingInstrument.class);
        either.addAll(p.entry());
        either.addAll(p.exit());
        yield either;
      }
    };
  }

  private static String names(Set<WellbeingInstrument> set) {
    return set.isEmpty()
        ? "none"
        : set.stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
  }
}
