package org.pathway.directory;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When a service is open: one HSDS {@code schedule} read as weekly days and hours, with the feed's
 * own description for what a weekly rule cannot say.
 *
 * @param days the days it opens (empty when the feed says no days)
 * @param opens null when not said
 * @param closes null when not said
 * @param description the feed's words, e.g. "first Monday of the month", or null
 */
public record OpeningHours(
    List<DayOfWeek> days, LocalTime opens, LocalTime closes, String description) {

  public OpeningHours {
    days = days == null ? List.of() : List.copyOf(days);
  }

  /** One line for a person: {@code "Mon, Wed 10:00–12:00"}, else the feed's description. */
  public String text() {
    StringBuilder s = new StringBuilder();
    if (!days.isEmpty()) {
      s.append(
          days.stream()
              .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.UK))
              .collect(Collectors.joining(", ")));
    }
    if (opens != null && closes != null) {
      s.append(s.isEmpty() ? "" : " ").append(opens).append('–').append(closes);
    }
    if (description != null && !description.isBlank()) {
      s.append(s.isEmpty() ? description : " (" + description + ")");
    }
    return s.toString();
  }
}
