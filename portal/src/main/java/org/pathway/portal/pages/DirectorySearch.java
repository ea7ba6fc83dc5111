package org.pathway.portal.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Resource;
import org.pathway.events.vocabulary.Extensions;

/**
 * The public directory search page's decisions: what was asked (a need, a postcode district, only
 * groups with places, which page), the FHIR search that asks it, and what a person is shown of each
 * service (name, what it offers, places, where and when, how to get in touch, whether they contact
 * it themselves).
 */
public final class DirectorySearch {

  /** Services per page. */
  public static final int PAGE_SIZE = 10;

  private static final Pattern DISTRICT = Pattern.compile("[A-Z]{1,2}[0-9][0-9A-Z]?");
  private static final Pattern NEED = Pattern.compile("[A-Za-z0-9._:/|#-]{1,200}");

  private DirectorySearch() {}

  /**
   * What the person asked.
   *
   * @param need a need's token ({@code system|code}), or null for any
   * @param district a postcode district ({@code LS6}), or null for anywhere
   * @param problem the field that could not be read ({@code district}), or null
   */
  public record Asked(String need, String district, boolean withPlaces, int page, String problem) {

    /** Whether anything was asked (the first visit shows only the form). */
    public boolean searched() {
      return need != null || district != null || withPlaces;
    }
  }

  /** A need a person may choose: its token and its words. */
  public record Need(String token, String name) {}

  /**
   * One service as shown.
   *
   * @param capacityKey the message key of its places, or null when unknown
   * @param placesLeft the places left when said
   * @param signpostOnly true when the person contacts it themselves (no referral through Pathway)
   */
  public record Row(
      String name,
      String description,
      String capacityKey,
      Integer placesLeft,
      boolean signpostOnly,
      List<String> places,
      List<String> openingTimes,
      String phone,
      String email,
      String website) {}

  /** The form's fields read: a need, a district (a full postcode is cut to it), places, page. */
  public static Asked asked(Map<String, String> form) {
    String need = blankToNull(form.get("need"));
    if (need != null && !NEED.matcher(need).matches()) {
      need = null;
    }
    String district = blankToNull(form.get("district"));
    String problem = null;
    if (district != null) {
      String d = district.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
      int space = d.indexOf(' ');
      d = space > 0 ? d.substring(0, space) : d.length() > 4 ? d.substring(0, d.length() - 3) : d;
      if (DISTRICT.matcher(d).matches()) {
        district = d;
      } else {
        problem = "district";
        district = null;
      }
    }
    boolean withPlaces = "yes".equals(form.get("places"));
    int page = 1;
    try {
      page = Math.max(1, Math.min(1000, Integer.parseInt(form.getOrDefault("page", "1"))));
    } catch (NumberFormatException e) {
      page = 1;
    }
    return new Asked(need, district, withPlaces, page, problem);
  }

  /** The FHIR search for what was asked, one page of it. */
  public static String query(Asked asked) {
    List<String> params = new ArrayList<>();
    if (asked.need() != null) {
      params.add("service-type=" + encode(asked.need()));
    }
    if (asked.district() != null) {
      params.add("postcode-district=" + encode(asked.district()));
    }
    if (asked.withPlaces()) {
      params.add("capacity=capacity");
    }
    params.add("_count=" + PAGE_SIZE);
    params.add("_offset=" + (asked.page() - 1) * PAGE_SIZE);
    return String.join("&", params);
  }

  /** The link to another page of the same search. */
  public static String pageLink(Asked asked, int page) {
    List<String> params = new ArrayList<>();
    if (asked.need() != null) {
      params.add("need=" + encode(asked.need()));
    }
    if (asked.district() != null) {
      params.add("district=" + encode(asked.district()));
    }
    if (asked.withPlaces()) {
      params.add("places=yes");
    }
    params.add("page=" + page);
    return "/directory?" + String.join("&", params);
  }

  /** The needs the directory's services are listed under, by name. */
  public static List<Need> needs(List<HealthcareService> services) {
    Map<String, Need> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HealthcareService service : services) {
      for (CodeableConcept type : service.getType()) {
        type.getCoding().stream()
            .filter(c -> c.hasCode())
            .forEach(
                c -> {
                  String token = c.hasSystem() ? c.getSystem() + "|" + c.getCode() : c.getCode();
                  String name = c.hasDisplay() ? c.getDisplay() : c.getCode();
                  byName.putIfAbsent(name, new Need(token, name));
                });
      }
    }
    return List.copyOf(byName.values());
  }

  /** What a person is shown of a service. */
  public static Row row(HealthcareService service) {
    Capacity capacity = Capacity.of(service);
    // A service that says nothing of its places is shown without any (not as full).
    String key =
        service.getExtensionByUrl(Extensions.GROUP_CAPACITY) == null
            ? null
            : "capacity." + capacity.status();
    if (key != null && capacity.placesLeft().isEmpty()) {
      key = key + ".unknown";
    }
    Extension mode = service.getExtensionByUrl(Extensions.REFERRAL_MODE);
    boolean signpostOnly = mode != null && "signpost-only".equals(mode.getValue().primitiveValue());
    List<String> places = new ArrayList<>();
    for (Resource contained : service.getContained()) {
      if (contained instanceof Location location) {
        List<String> parts = new ArrayList<>();
        if (location.hasName()) {
          parts.add(location.getName());
        }
        location.getAddress().getLine().forEach(l -> parts.add(l.getValue()));
        if (location.getAddress().hasPostalCode()) {
          parts.add(location.getAddress().getPostalCode());
        }
        places.add(String.join(", ", parts));
      }
    }
    List<String> times = new ArrayList<>();
    for (var available : service.getAvailableTime()) {
      String days =
          available.getDaysOfWeek().stream()
              .map(d -> capitalise(d.getValue().toCode()))
              .collect(Collectors.joining(", "));
      String hours =
          available.hasAvailableStartTime() && available.hasAvailableEndTime()
              ? hhmm(available.getAvailableStartTime())
                  + "–"
                  + hhmm(available.getAvailableEndTime())
              : "";
      times.add((days + " " + hours).trim());
    }
    if (service.hasAvailabilityExceptions()) {
      times.add(service.getAvailabilityExceptions());
    }
    return new Row(
        service.getName(),
        service.getComment(),
        key,
        capacity.placesLeft().orElse(null),
        signpostOnly,
        places,
        times,
        telecom(service, ContactPointSystem.PHONE).orElse(null),
        telecom(service, ContactPointSystem.EMAIL).orElse(null),
        telecom(service, ContactPointSystem.URL)
            .filter(u -> u.startsWith("https://"))
            .orElse(null));
  }

  private static Optional<String> telecom(HealthcareService service, ContactPointSystem system) {
    return service.getTelecom().stream()
        .filter(t -> t.getSystem() == system)
        .map(ContactPoint::getValue)
        .findFirst();
  }

  private static String hhmm(String time) {
    return time.length() >= 5 ? time.substring(0, 5) : time;
  }

  private static String capitalise(String day) {
    return day.isEmpty() ? day : Character.toUpperCase(day.charAt(0)) + day.substring(1);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
