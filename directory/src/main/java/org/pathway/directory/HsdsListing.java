package org.pathway.directory;

import static org.pathway.directory.HsdsFeedReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The public listing parts of an HSDS 3.0 service: its places ({@code service_at_locations[]
 * .location} with the first address), opening hours ({@code schedules} of the service and of its
 * places: {@code byday}, {@code opens_at}, {@code closes_at}, {@code description}) and public
 * contact (the service's phone, email and url, else its organisation's).
 */
final class HsdsListing {

  private HsdsListing() {}

  static List<Place> places(JsonNode service) {
    List<Place> places = new ArrayList<>();
    for (JsonNode at : service.path("service_at_locations")) {
      JsonNode location = at.path("location");
      if (location.isMissingNode()) {
        continue;
      }
      JsonNode address = location.path("addresses").path(0);
      String line =
          join(text(address, "address_1"), text(address, "address_2"), text(address, "city"));
      places.add(
          new Place(
              text(location, "name"),
              line,
              text(address, "postal_code"),
              degrees(location, "latitude", 90),
              degrees(location, "longitude", 180)));
    }
    return places;
  }

  static List<OpeningHours> openingHours(JsonNode service) {
    List<OpeningHours> hours = new ArrayList<>();
    for (JsonNode schedule : service.path("schedules")) {
      hours.add(schedule(schedule));
    }
    for (JsonNode at : service.path("service_at_locations")) {
      for (JsonNode schedule : at.path("schedules")) {
        hours.add(schedule(schedule));
      }
    }
    return hours;
  }

  static PublicContact contact(JsonNode service, JsonNode organization) {
    String phone = firstPhone(service);
    String email = text(service, "email");
    String url = text(service, "url");
    return new PublicContact(
        phone != null ? phone : firstPhone(organization),
        email != null ? email : text(organization, "email"),
        url != null ? url : text(organization, "website"));
  }

  private static OpeningHours schedule(JsonNode schedule) {
    List<DayOfWeek> days = new ArrayList<>();
    String byday = text(schedule, "byday");
    if (byday != null) {
      for (String day : byday.split(",")) {
        days.add(day(day.trim()));
      }
    }
    return new OpeningHours(
        days,
        time(text(schedule, "opens_at")),
        time(text(schedule, "closes_at")),
        text(schedule, "description"));
  }

  private static DayOfWeek day(String rruleDay) {
    // RRULE days may carry an ordinal (1MO = first Monday): the weekday is the last two letters.
    String code = rruleDay.length() >= 2 ? rruleDay.substring(rruleDay.length() - 2) : rruleDay;
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "MO" -> DayOfWeek.MONDAY;
      case "TU" -> DayOfWeek.TUESDAY;
      case "WE" -> DayOfWeek.WEDNESDAY;
      case "TH" -> DayOfWeek.THURSDAY;
      case "FR" -> DayOfWeek.FRIDAY;
      case "SA" -> DayOfWeek.SATURDAY;
      case "SU" -> DayOfWeek.SUNDAY;
      default -> throw new InvalidFeedException("schedule byday '" + rruleDay + "' is not a day");
    };
  }

  private static LocalTime time(String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalTime.parse(value.length() > 8 ? value.substring(0, 8) : value);
    } catch (DateTimeParseException e) {
      throw new InvalidFeedException("schedule time '" + value + "' is not a time of day");
    }
  }

  private static Double degrees(JsonNode location, String field, double limit) {
    JsonNode value = location.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    double d;
    if (value.isNumber()) {
      d = value.asDouble();
    } else {
      try {
        d = Double.parseDouble(value.asText());
      } catch (NumberFormatException e) {
        throw new InvalidFeedException(
            "location " + field + " '" + value.asText() + "' is not a number");
      }
    }
    if (Double.isNaN(d) || Math.abs(d) > limit) {
      throw new InvalidFeedException("location " + field + " " + d + " is out of range");
    }
    return d;
  }

  private static String firstPhone(JsonNode node) {
    for (JsonNode phone : node.path("phones")) {
      String number = text(phone, "number");
      if (number != null) {
        return number;
      }
    }
    return null;
  }

  private static String join(String... parts) {
    List<String> present = new ArrayList<>();
    for (String part : parts) {
      if (part != null) {
        present.add(part);
      }
    }
    return present.isEmpty() ? null : String.join(", ", present);
  }
}
