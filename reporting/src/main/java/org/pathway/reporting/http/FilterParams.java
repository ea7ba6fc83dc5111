package org.pathway.reporting.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pathway.access.tokens.Caller;
import org.pathway.reporting.figures.Filter;

/**
 * Turns query parameters into a {@link Filter}, narrowed to the caller's registered area. The
 * figures API takes {@code from} and {@code to} (dates, {@code to} exclusive); the FHIR face takes
 * {@code period} with FHIR's prefixes ({@code ge}, {@code gt}, {@code le}, {@code lt}, {@code eq}
 * or none) on a date or a month. Both take {@code practice}, {@code pcn} (repeatable) and {@code
 * pathway}. Dates are UTC days.
 */
public final class FilterParams {

  private FilterParams() {}

  /** A parameter that cannot be read: which one, and why. */
  public static final class InvalidParameterException extends RuntimeException {
    private final String parameter;

    public InvalidParameterException(String parameter, String problem) {
      super(parameter + ": " + problem);
      this.parameter = parameter;
    }

    public String parameter() {
      return parameter;
    }
  }

  /** The filter of a figures API request. */
  public static Filter ofApi(Map<String, List<String>> query, Caller caller) {
    Instant from = one(query, "from") == null ? null : day("from", one(query, "from"));
    Instant to = one(query, "to") == null ? null : day("to", one(query, "to"));
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidParameterException("to", "must be after from");
    }
    return filter(query, from, to, caller);
  }

  /** The filter of a FHIR search. */
  public static Filter ofFhir(Map<String, List<String>> query, Caller caller) {
    Instant from = null;
    Instant to = null;
    for (String value : query.getOrDefault("period", List.of())) {
      String prefix =
          value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
      String date = prefix.equals("eq") && !value.startsWith("eq") ? value : value.substring(2);
      Instant start = start("period", date);
      Instant end = end("period", date);
      switch (prefix) {
        case "ge" -> from = later(from, start);
        case "gt" -> from = later(from, end);
        case "lt" -> to = earlier(to, start);
        case "le" -> to = earlier(to, end);
        case "eq" -> {
          from = later(from, start);
          to = earlier(to, end);
        }
        default ->
            throw new InvalidParameterException(
                "period", "prefix '" + prefix + "' is not one of eq, ge, gt, le, lt");
      }
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidParameterException("period", "is empty");
    }
    return filter(query, from, to, caller);
  }

  private static Filter filter(
      Map<String, List<String>> query, Instant from, Instant to, Caller caller) {
    Set<String> area = caller == null ? Set.of() : new HashSet<>(caller.area());
    return new Filter(
        from,
        to,
        Set.copyOf(query.getOrDefault("practice", List.of())),
        Set.copyOf(query.getOrDefault("pcn", List.of())),
        one(query, "pathway"),
        area);
  }

  private static String one(Map<String, List<String>> query, String name) {
    List<String> values = query.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new InvalidParameterException(name, "give it once");
    }
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  private static Instant day(String name, String value) {
    try {
      return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidParameterException(name, "'" + value + "' is not a date (YYYY-MM-DD)");
    }
  }

  private static Instant start(String name, String value) {
    try {
      if (value.length() == 7) {
        return YearMonth.parse(value).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return day(name, value);
    } catch (DateTimeParseException e) {
      throw new InvalidParameterException(name, "'" + value + "' is not a date or month");
    }
  }

  private static Instant end(String name, String value) {
    try {
      if (value.length() == 7) {
        return YearMonth.parse(value)
            .plusMonths(1)
            .atDay(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
      }
      return LocalDate.parse(value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidParameterException(name, "'" + value + "' is not a date or month");
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
