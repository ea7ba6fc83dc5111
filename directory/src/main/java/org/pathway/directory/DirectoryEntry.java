package org.pathway.directory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;

/**
 * A service, group or practice: the fields of a FHIR {@code HealthcareService} that routing and the
 * directory's readers need (id, name, kind, ODS code, capacity, endpoints, public description).
 *
 * @param id the HSDS service id, also the {@code HealthcareService} id
 * @param capacityDetail the capacity: the group's latest report, else the feed's
 * @param channels ways to reach it, the preferred one first (never served to API clients)
 * @param lastModified when the feed last changed it, for incremental refresh
 * @param description the directory's own wording of what it offers
 * @param areas the areas it serves, as the feed names them
 * @param types taxonomy terms outside Pathway's own vocabularies
 * @param listing what the public directory shows: referrals or signposting, places, opening hours,
 *     public contact
 */
public record DirectoryEntry(
    String id,
    String name,
    ServiceKind kind,
    String odsCode,
    String contactName,
    Capacity capacityDetail,
    List<ContactChannel> channels,
    Instant lastModified,
    String description,
    List<String> areas,
    List<Term> types,
    Listing listing) {

  /** The HSDS attribute vocabulary whose term names a practice's Primary Care Network. */
  public static final String PCN_VOCABULARY = "pathway-pcn";

  public DirectoryEntry {
    capacityDetail = capacityDetail == null ? Capacity.UNKNOWN : capacityDetail;
    channels = List.copyOf(channels);
    areas = areas == null ? List.of() : List.copyOf(areas);
    types = types == null ? List.of() : List.copyOf(types);
    listing = listing == null ? Listing.REFERRALS_ONLY : listing;
  }

  /** An entry that accepts referrals and publishes nothing beyond its name and description. */
  public DirectoryEntry(
      String id,
      String name,
      ServiceKind kind,
      String odsCode,
      String contactName,
      Capacity capacityDetail,
      List<ContactChannel> channels,
      Instant lastModified,
      String description,
      List<String> areas,
      List<Term> types) {
    this(
        id,
        name,
        kind,
        odsCode,
        contactName,
        capacityDetail,
        channels,
        lastModified,
        description,
        areas,
        types,
        null);
  }

  /** The capacity status routing decides on. */
  public CapacityStatus capacity() {
    return capacityDetail.status();
  }

  /** This entry with {@code reported} capacity in place of what it had. */
  public DirectoryEntry withCapacity(Capacity reported) {
    return new DirectoryEntry(
        id,
        name,
        kind,
        odsCode,
        contactName,
        reported,
        channels,
        lastModified,
        description,
        areas,
        types,
        listing);
  }

  /** The FHIR literal reference events use for this entry. */
  public String reference() {
    return kind == ServiceKind.GP_PRACTICE && odsCode != null
        ? "Organization/" + odsCode
        : "HealthcareService/" + id;
  }

  /** This entry as an event {@link Actor}. */
  public Actor toActor() {
    return Actor.newBuilder()
        .setKind(kind.actorKind())
        .setReference(reference())
        .setIdentifier(odsCode)
        .setDisplay(name)
        .build();
  }

  /** Whether referrals reach it through Pathway (else it is listed for signposting only). */
  public boolean acceptsReferrals() {
    return listing.acceptsReferrals();
  }

  /** The preferred channel. */
  public Optional<ContactChannel> preferredChannel() {
    return channels.stream().findFirst();
  }

  /**
   * The Primary Care Network a practice belongs to (its ODS code, e.g. {@code U12345}): the term
   * the feed gives it in vocabulary {@value #PCN_VOCABULARY}; null when the feed names none.
   */
  public String pcnCode() {
    return types.stream()
        .filter(t -> PCN_VOCABULARY.equals(t.vocabulary()))
        .map(Term::code)
        .findFirst()
        .orElse(null);
  }

  /** The first channel of the given kind. */
  public Optional<ContactChannel> channel(Channel wanted) {
    return channels.stream().filter(c -> c.channel() == wanted).findFirst();
  }
}
