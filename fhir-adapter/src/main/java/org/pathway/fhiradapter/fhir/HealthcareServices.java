package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.pathway.directory.Capacity;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.Listing;
import org.pathway.directory.OpeningHours;
import org.pathway.directory.Place;
import org.pathway.directory.PublicContact;
import org.pathway.directory.Term;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.Extensions;

/**
 * A directory entry as a FHIR {@code HealthcareService}: name, kind (category), other taxonomy
 * terms (type), description, areas served, capacity (the {@code group-capacity} extension), whether
 * it takes referrals or is listed for signposting only ({@code referral-mode}), and its public
 * listing: places (contained {@code Location}s with address, postcode and position), opening hours
 * ({@code availableTime}) and the contact it publishes ({@code telecom}) — never its referral
 * channels, webhook secrets or referral email addresses, which only the router uses.
 */
public final class HealthcareServices {

  private HealthcareServices() {}

  /** {@code entry}, whose capacity is already the one to serve, at {@code version}. */
  public static HealthcareService of(DirectoryEntry entry, int version) {
    HealthcareService hs = new HealthcareService();
    hs.setId(entry.id());
    hs.getMeta().setVersionId(Integer.toString(version));
    Instant updated = latest(entry.lastModified(), entry.capacityDetail().reportedAt());
    if (updated != null) {
      hs.getMeta().setLastUpdated(Date.from(updated));
    }
    hs.setActive(true);
    hs.setName(entry.name());
    hs.addCategory(
        new CodeableConcept()
            .addCoding(
                new Coding()
                    .setSystem(CodeSystems.SERVICE_KIND)
                    .setCode(entry.kind().code())
                    .setDisplay(entry.kind().code())));
    for (Term term : entry.types()) {
      Coding coding = new Coding().setCode(term.code()).setDisplay(term.name());
      if (isAbsoluteUri(term.vocabulary())) {
        coding.setSystem(term.vocabulary());
      }
      hs.addType(new CodeableConcept().addCoding(coding));
    }
    if (entry.description() != null) {
      hs.setComment(entry.description());
    }
    entry.areas().forEach(area -> hs.addCoverageArea(new Reference().setDisplay(area)));
    Extension capacity = capacityExtension(entry.capacityDetail());
    if (capacity != null) {
      hs.addExtension(capacity);
    }
    hs.addExtension(
        Extensions.REFERRAL_MODE,
        new CodeType(entry.acceptsReferrals() ? "accepts-referrals" : "signpost-only"));
    listing(hs, entry.listing());
    return hs;
  }

  private static void listing(HealthcareService hs, Listing listing) {
    int n = 0;
    for (Place place : listing.places()) {
      Location location = new Location();
      location.setId("place-" + n++);
      location.setName(place.name());
      Address address = location.getAddress();
      if (place.address() != null) {
        address.addLine(place.address());
      }
      address.setPostalCode(place.postcode());
      if (place.latitude() != null && place.longitude() != null) {
        location.getPosition().setLatitude(place.latitude()).setLongitude(place.longitude());
      }
      hs.addContained(location);
      hs.addLocation(new Reference("#" + location.getId()).setDisplay(place.name()));
    }
    List<String> exceptions = new ArrayList<>();
    for (OpeningHours hours : listing.openingHours()) {
      if (hours.days().isEmpty()) {
        exceptions.add(hours.text());
        continue;
      }
      var time = hs.addAvailableTime();
      hours
          .days()
          .forEach(
              d ->
                  time.addDaysOfWeek(
                      HealthcareService.DaysOfWeek.fromCode(
                          d.name().substring(0, 3).toLowerCase(Locale.ROOT))));
      if (hours.opens() != null) {
        time.setAvailableStartTime(hours.opens() + ":00");
      }
      if (hours.closes() != null) {
        time.setAvailableEndTime(hours.closes() + ":00");
      }
      if (hours.description() != null) {
        exceptions.add(hours.text());
      }
    }
    if (!exceptions.isEmpty()) {
      hs.setAvailabilityExceptions(String.join("; ", exceptions));
    }
    PublicContact contact = listing.contact();
    if (contact.phone() != null) {
      hs.addTelecom().setSystem(ContactPointSystem.PHONE).setValue(contact.phone());
    }
    if (contact.email() != null) {
      hs.addTelecom().setSystem(ContactPointSystem.EMAIL).setValue(contact.email());
    }
    if (contact.url() != null) {
      hs.addTelecom().setSystem(ContactPointSystem.URL).setValue(contact.url());
    }
  }

  /** The code a capacity status is served as, or null for unknown. */
  public static String code(CapacityStatus status) {
    return switch (status) {
      case CAPACITY -> "capacity";
      case NO_CAPACITY -> "no-capacity";
      case NO_CAPACITY_HAS_WAITLIST -> "no-capacity-has-waitlist";
      case UNKNOWN -> null;
    };
  }

  /** The status a served code stands for, or null when it is not one. */
  public static CapacityStatus status(String code) {
    for (CapacityStatus s : CapacityStatus.values()) {
      if (code != null && code.equals(code(s))) {
        return s;
      }
    }
    return null;
  }

  /** The {@code group-capacity} extension for {@code capacity}, or null when nothing is known. */
  static Extension capacityExtension(Capacity capacity) {
    Extension ext = new Extension(Extensions.GROUP_CAPACITY);
    String code = code(capacity.status());
    if (code != null) {
      ext.addExtension(Extensions.STATUS, new CodeType(code));
    }
    if (capacity.placesLeft() != null) {
      ext.addExtension(Extensions.PLACES_LEFT, new UnsignedIntType(capacity.placesLeft()));
    }
    if (capacity.waitlistOpen() != null) {
      ext.addExtension(Extensions.WAITLIST_OPEN, new BooleanType(capacity.waitlistOpen()));
    }
    if (capacity.reportedAt() != null) {
      ext.addExtension(
          Extensions.REPORTED_AT,
          new DateTimeType(Date.from(capacity.reportedAt()), TemporalPrecisionEnum.MILLI));
    }
    return ext.getExtension().isEmpty() ? null : ext;
  }

  /**
   * What differs between the served {@code current} and a submitted {@code incoming} outside the
   * capacity extension (and id, meta, narrative and contained places, which the server owns): one
   * issue per top-level element, empty when only capacity changed.
   */
  public static List<Issue> changesBesidesCapacity(
      HealthcareService current, HealthcareService incoming) {
    HealthcareService a = withoutServerParts(current);
    HealthcareService b = withoutServerParts(incoming);
    List<Issue> issues = new ArrayList<>();
    for (var property : a.children()) {
      String name = property.getName();
      var left = a.getNamedProperty(name).getValues();
      var right = b.getNamedProperty(name).getValues();
      boolean same = left.size() == right.size();
      for (int i = 0; same && i < left.size(); i++) {
        same = left.get(i).equalsDeep(right.get(i));
      }
      if (!same) {
        issues.add(
            new Issue(
                IssueType.BUSINESSRULE,
                "HealthcareService." + name,
                "only the capacity extension ("
                    + Extensions.GROUP_CAPACITY
                    + ") may change; "
                    + name
                    + " differs from the directory's"));
      }
    }
    return issues;
  }

  private static HealthcareService withoutServerParts(HealthcareService hs) {
    HealthcareService copy = hs.copy();
    copy.setIdElement(null);
    copy.setMeta(null);
    copy.setText(null);
    // Contained places are renumbered by parsers, so the places are compared by name only.
    copy.getContained().clear();
    copy.getLocation().forEach(ref -> ref.setReference(null).setResource(null));
    copy.getExtension().removeIf(e -> Extensions.GROUP_CAPACITY.equals(e.getUrl()));
    return copy;
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static boolean isAbsoluteUri(String s) {
    try {
      return s != null && URI.create(s).isAbsolute();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
