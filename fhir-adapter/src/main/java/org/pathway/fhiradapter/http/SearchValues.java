package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Locale;
import org.pathway.fhiradapter.fhir.DirectorySearchParameters;
import org.pathway.fhiradapter.fhir.HealthcareServices;
import org.pathway.fhiradapter.ledger.DirectoryQuery;

/**
 * The values of Pathway's own directory search parameters, checked: a value that means nothing is a
 * 400 naming the parameter and what it takes, never an empty result.
 */
final class SearchValues {

  private static final double DEFAULT_KM = 5;
  private static final double KM_PER_MILE = 1.609344;

  private SearchValues() {}

  /** {@code latitude|longitude[|distance[|km|mi]]}. */
  static DirectoryQuery.Near near(String value) {
    String[] parts = value.split("\\|", -1);
    if (parts.length < 2 || parts.length > 4) {
      throw bad(DirectorySearchParameters.NEAR, value, "latitude|longitude|distance|units");
    }
    try {
      double lat = Double.parseDouble(parts[0]);
      double lon = Double.parseDouble(parts[1]);
      double distance =
          parts.length > 2 && !parts[2].isBlank() ? Double.parseDouble(parts[2]) : DEFAULT_KM;
      String units = parts.length > 3 ? parts[3].trim().toLowerCase(Locale.ROOT) : "km";
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || distance < 0) {
        throw bad(
            DirectorySearchParameters.NEAR, value, "a latitude, longitude and distance in range");
      }
      double km =
          switch (units) {
            case "", "km" -> distance;
            case "mi", "[mi_i]" -> distance * KM_PER_MILE;
            default -> throw bad(DirectorySearchParameters.NEAR, value, "units km or mi");
          };
      return new DirectoryQuery.Near(lat, lon, km);
    } catch (NumberFormatException e) {
      throw bad(
          DirectorySearchParameters.NEAR, value, "numbers: latitude|longitude|distance|units");
    }
  }

  static String capacity(String value) {
    if (value == null) {
      return null;
    }
    if (HealthcareServices.status(value) == null) {
      throw bad(
          DirectorySearchParameters.CAPACITY,
          value,
          "capacity, no-capacity or no-capacity-has-waitlist");
    }
    return value;
  }

  static String referralMode(String value) {
    if (value == null) {
      return null;
    }
    if (!value.equals(DirectoryQuery.ACCEPTS_REFERRALS)
        && !value.equals(DirectoryQuery.SIGNPOST_ONLY)) {
      throw bad(
          DirectorySearchParameters.REFERRAL_MODE, value, "accepts-referrals or signpost-only");
    }
    return value;
  }

  private static InvalidRequestException bad(String parameter, String value, String takes) {
    return new InvalidRequestException(
        "search parameter " + parameter + " is '" + value + "'; it takes " + takes);
  }
}
