package org.pathway.portal.pages;

import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.pathway.events.vocabulary.Extensions;

/**
 * A group's capacity as a HealthcareService carries it: the {@code group-capacity} extension
 * ({@link Extensions#GROUP_CAPACITY}) with its status ({@code capacity}, {@code no-capacity},
 * {@code no-capacity-has-waitlist}), places left and whether the waitlist is open. Reading it
 * decides which groups a link worker is offered; writing it is a facilitator's capacity report.
 *
 * @param status the capacity status code
 * @param placesLeft places left, when known
 * @param waitlistOpen whether the waitlist takes people
 */
public record Capacity(String status, Optional<Integer> placesLeft, boolean waitlistOpen) {

  private static final String EXTENSION = Extensions.GROUP_CAPACITY;
  private static final String STATUS = Extensions.STATUS;
  private static final String PLACES = Extensions.PLACES_LEFT;
  private static final String WAITLIST = Extensions.WAITLIST_OPEN;

  /** The capacity a report of {@code places} left and an open or closed waitlist means. */
  public static Capacity reported(int places, boolean waitlistOpen) {
    String status =
        places > 0 ? "capacity" : waitlistOpen ? "no-capacity-has-waitlist" : "no-capacity";
    return new Capacity(status, Optional.of(places), waitlistOpen);
  }

  /** What {@code service} says of its capacity; a service that says nothing is taken as full. */
  public static Capacity of(HealthcareService service) {
    Extension ext = service.getExtensionByUrl(EXTENSION);
    if (ext == null) {
      return new Capacity("no-capacity", Optional.empty(), false);
    }
    String status =
        ext.getExtensionByUrl(STATUS) != null
            ? ext.getExtensionByUrl(STATUS).getValue().primitiveValue()
            : "no-capacity";
    Optional<Integer> places =
        Optional.ofNullable(ext.getExtensionByUrl(PLACES))
            .map(e -> e.getValue() instanceof IntegerType i ? i.getValue() : null)
            .filter(p -> p != null);
    boolean waitlist =
        ext.getExtensionByUrl(WAITLIST) != null
            && ext.getExtensionByUrl(WAITLIST).getValue() instanceof BooleanType b
            && Boolean.TRUE.equals(b.getValue());
    return new Capacity(status, places, waitlist || "no-capacity-has-waitlist".equals(status));
  }

  /** Whether a link worker may refer someone to the group: a place, or an open waitlist. */
  public boolean takesReferrals() {
    return "capacity".equals(status) || "no-capacity-has-waitlist".equals(status);
  }

  /** {@code service} with this capacity in place of what it said before. */
  public HealthcareService applyTo(HealthcareService service) {
    HealthcareService next = service.copy();
    next.getExtension().removeIf(e -> EXTENSION.equals(e.getUrl()));
    Extension ext = next.addExtension().setUrl(EXTENSION);
    ext.addExtension(STATUS, new CodeType(status));
    placesLeft.ifPresent(p -> ext.addExtension(PLACES, new UnsignedIntType(p)));
    ext.addExtension(WAITLIST, new BooleanType(waitlistOpen));
    return next;
  }
}
