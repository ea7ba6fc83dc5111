package org.pathway.events.notifications;

import java.math.BigDecimal;
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
 * parser. One score reads {@code SWEMWBS exit 24}; several are joined by {@code "; "}.
 */
public final class WellbeingScoreText {

  private static final String SEPARATOR = "; ";

  // The space form is today's; the '|' form is what routers before TaskOutput.score wrote into
  // the outcomes field, still read so requests already on the topic are delivered.
  private static final Pattern ONE =
      Pattern.compile(
          "([A-Za-z0-9]+)[ |](entry|interim|exit)[ |]([0-9]+(?:\\.[0-9]+)?)",
          Pattern.CASE_INSENSITIVE);

  private WellbeingScoreText() {}

  /** {@code SWEMWBS exit 24}. */
  public static String format(WellbeingScore score) {
    return score.getInstrument()
        + " "
        + score.getTiming().name().toLowerCase(Locale.ROOT)
        + " "
        + number(score.getScore());
  }

  /** {@code SWEMWBS entry 19; SWEMWBS exit 24}; empty for no scores. */
  public static String format(List<WellbeingScore> scores) {
    return scores.stream().map(WellbeingScoreText::format).collect(Collectors.joining(SEPARATOR));
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
              Double.parseDouble(m.group(3))));
    }
    return scores;
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
