package org.pathway.directory;

import java.util.List;

/**
 * What the public directory shows of a service beyond its name and description: whether Pathway can
 * refer to it or only signpost people to it, where it meets, when it is open and how the public
 * contacts it.
 *
 * @param acceptsReferrals true when referrals reach it through Pathway; false when it is listed for
 *     signposting only (a person contacts it themselves)
 */
public record Listing(
    boolean acceptsReferrals,
    List<Place> places,
    List<OpeningHours> openingHours,
    PublicContact contact) {

  /** A routable entry with nothing public said: what entries built by hand have. */
  public static final Listing REFERRALS_ONLY = new Listing(true, List.of(), List.of(), null);

  public Listing {
    places = places == null ? List.of() : List.copyOf(places);
    openingHours = openingHours == null ? List.of() : List.copyOf(openingHours);
    contact = contact == null ? PublicContact.NONE : contact;
  }

  /** The postcode districts of its places, upper case. */
  public List<String> districts() {
    return places.stream().map(Place::district).filter(d -> d != null).distinct().toList();
  }
}
