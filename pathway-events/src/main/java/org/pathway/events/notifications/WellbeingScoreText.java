package org.pathway.events.notifications;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.avro.WellbeingScore;

/**
 * The one text form of wellbeing scores, for the places only text can carry them: the {@code
 * outcomes} field of the {@code gp-outcome} template (a string map) and a Task output's display.
 * Events carry scores typed ({@link WellbeingScore}); this is the only formatter and the only
 * parser. One score reads {@code SWEMWBS exit 24}, or {@code SWEMWBS exit 24 at
 * 2026-11-02T10:15:00Z} when the time it was taken is known (the GP's Observation takes it as
 * {@code effective}); several are joined by {@code "; "}.
 */
public final class WellbeingScoreText {

  private static final String SEPARATOR = "; ";

  // The space form is today's; the '|' form is what routers before TaskOutput.score wrote into
  // the outcomes field, still read so requests already on the topic are delivered.
  // The time is optional: text written before scores carried it has none.
  private static final Pattern ONE =
      Pattern.compile(
          "([A-Za-z0-9]+)[ |](entry|interim|exit)[ |]([0-9]+(?:\\.[0-9]+)?)(?: at (\\S+))?",
          Pattern.CASE_INSENSITIVE);

  private WellbeingScoreText() {}

  /** {@code SWEMWBS exit 24}, without the time it was taken: what a person reads. */
  public static String format(WellbeingScore score) {
    return score.getInstrument()
        + " "
        + score.getTiming().name().toLowerCase(Locale.ROOT)
        + " "
        + number(score.getScore());
  }

  /**
   * {@code SWEMWBS exit 24 at 2026-11-02T10:15:00Z}: as {@link #format(WellbeingScore)}, with the
   * time it was taken when known, for a reader that files the score (the GP's Observation).
   */
  public static String formatWithTime(WellbeingScore score) {
    return score.getEffectiveAtMillis() == null
        ? format(score)
        : format(score) + " at " + Instant.ofEpochMilli(score.getEffectiveAtMillis());
  }

  /**
   * {@code SWEMWBS entry 19 at 2026-09-01T09:00:00Z; SWEMWBS exit 24}, each with its time when
   * known; empty for no scores.
   */
  public static String format(List<WellbeingScore> scores) {
    return scores.stream()
        .map(WellbeingScoreText::formatWithTime)
        .collect(Collectors.joining(SEPARATOR));
  }

  /**
   * The scores in {@code text}, in order; none for null or blank text.
   *
   * @throws IllegalArgumentException naming the first entry that is not a score
   */
  public static List<WellbeingScore> parse(String text) {
    List<WellbeingScore> scores = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return scores;
    }
    for (String entry : text.split(";")) {
      Matcher m = ONE.matcher(entry.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "'" + entry.trim() + "' is not a wellbeing score such as 'SWEMWBS exit 24'");
      }
      scores.add(
          new WellbeingScore(
              instrument(m.group(1)),
              MeasurementTiming.valueOf(m.group(2).toUpperCase(Locale.ROOT)),
              Double.parseDouble(m.group(3)),
              time(entry.trim(), m.group(4))));
    }
    return scores;
  }

  private static Long time(String entry, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + entry
              + "' has a time that is not an ISO-8601 instant such as 2026-11-02T10:15:00Z");
    }
  }

  private static WellbeingInstrument instrument(String name) {
    for (WellbeingInstrument i : WellbeingInstrument.values()) {
      if (i.name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not a known wellbeing instrument");
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : BigDecimal.valueOf(v).toPlainString();
  }
}
