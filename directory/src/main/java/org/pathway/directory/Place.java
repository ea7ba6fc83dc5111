package org.pathway.directory;

import java.util.Locale;

/**
 * Where a service is met (an HSDS {@code location} with its first physical address): public listing
 * data only.
 *
 * @param postcode the full postcode as the feed gives it, or null
 * @param latitude WGS84 degrees, or null when the feed gives none
 * @param longitude WGS84 degrees, or null when the feed gives none
 */
public record Place(
    String name, String address, String postcode, Double latitude, Double longitude) {

  private static final double EARTH_RADIUS_KM = 6371.0088;

  /**
   * The postcode district (the outward code: {@code LS6} of {@code LS6 1AA}), upper case, or null.
   */
  public String district() {
    return district(postcode);
  }

  /**
   * The district of a full postcode or of a district as typed ({@code "ls6 1aa"} → {@code LS6}).
   */
  public static String district(String postcode) {
    if (postcode == null || postcode.isBlank()) {
      return null;
    }
    String compact = postcode.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    int space = compact.indexOf(' ');
    if (space > 0) {
      return compact.substring(0, space);
    }
    // Without a space, a full postcode's inward code is its last three characters.
    return compact.length() > 4 ? compact.substring(0, compact.length() - 3) : compact;
  }

  /** Great-circle distance in kilometres to a point, or null when this place has no position. */
  public Double kilometresTo(double lat, double lon) {
    if (latitude == null || longitude == null) {
      return null;
    }
    double dLat = Math.toRadians(lat - latitude);
    double dLon = Math.toRadians(lon - longitude);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(latitude))
                * Math.cos(Math.toRadians(lat))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
