package org.pathway.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pathway.events.avro.Channel;

/**
 * Maps one HSDS 3.0 / Open Referral UK services document to directory entries.
 *
 * <p>Accepts the paginated API shape ({@code {"contents": [...], "total_pages": n}}) or a bare
 * array of services. Pathway reads three things the standard leaves to taxonomies: the kind of
 * entry (attribute vocabulary {@code pathway-service-kind}), its channels (vocabulary {@code
 * pathway-channel}: code email/sms/webhook/fhir, value the address, label the secret's name) and
 * capacity ({@code service_capacity}: unit {@code places} available, unit {@code waitlist} open).
 */
public final class HsdsFeedReader {

  static final String KIND_VOCABULARY = "pathway-service-kind";
  static final String CHANNEL_VOCABULARY = "pathway-channel";

  private final ObjectMapper json = new ObjectMapper();

  /** One page of the feed and how many pages there are. */
  public record Page(FeedPage change, int totalPages) {}

  /** Reads a services document. Entries modified at or before {@code modifiedAfter} are skipped. */
  public Page read(InputStream in, Instant modifiedAfter) throws IOException {
    JsonNode root = json.readTree(in);
    JsonNode services = root.isArray() ? root : root.path("contents");
    if (!services.isArray()) {
      throw new InvalidFeedException("feed has neither a 'contents' array nor a top-level array");
    }
    List<DirectoryEntry> entries = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (JsonNode service : services) {
      String id = text(service, "id");
      if (id == null) {
        throw new InvalidFeedException("a service without an 'id': " + abbreviate(service));
      }
      Instant modified = lastModified(service);
      if (modifiedAfter != null && modified != null && !modified.isAfter(modifiedAfter)) {
        continue;
      }
      String status = text(service, "status");
      if (status != null && !status.equalsIgnoreCase("active")) {
        removed.add(id);
        continue;
      }
      entries.add(toEntry(id, service, modified));
    }
    int totalPages = root.isArray() ? 1 : Math.max(1, root.path("total_pages").asInt(1));
    return new Page(new FeedPage(entries, removed), totalPages);
  }

  private DirectoryEntry toEntry(String id, JsonNode service, Instant modified) {
    String name = text(service, "name");
    if (name == null) {
      throw new InvalidFeedException("service " + id + " has no 'name'");
    }
    ServiceKind kind = null;
    List<ContactChannel> channels = new ArrayList<>();
    List<Term> types = new ArrayList<>();
    for (JsonNode attribute : service.path("attributes")) {
      JsonNode term = attribute.path("taxonomy_term");
      String vocabulary = text(term, "vocabulary");
      String code = text(term, "code");
      if (KIND_VOCABULARY.equals(vocabulary)) {
        kind = ServiceKind.fromCode(code);
        if (kind == null) {
          throw new InvalidFeedException("service " + id + " has unknown kind '" + code + "'");
        }
      } else if (CHANNEL_VOCABULARY.equals(vocabulary)) {
        channels.add(channel(id, code, text(attribute, "value"), text(attribute, "label")));
      } else if (vocabulary != null && code != null) {
        types.add(new Term(vocabulary, code, text(term, "name")));
      }
    }
    if (kind == null) {
      throw new InvalidFeedException(
          "service " + id + " has no attribute in vocabulary " + KIND_VOCABULARY);
    }
    // The standard's own contact fields are the fallback when no channel is declared.
    String email = text(service, "email");
    String contactName = null;
    for (JsonNode contact : service.path("contacts")) {
      contactName = contactName == null ? text(contact, "name") : contactName;
      email = email == null ? text(contact, "email") : email;
      for (JsonNode phone : contact.path("phones")) {
        String number = text(phone, "number");
        if (number != null && number.startsWith("+447")) {
          channels.add(new ContactChannel(Channel.SMS, number, null));
        }
      }
    }
    if (email != null) {
      channels.add(new ContactChannel(Channel.EMAIL, email, null));
    }
    return new DirectoryEntry(
        id,
        name,
        kind,
        odsCode(service),
        contactName,
        capacity(service, modified),
        channels,
        modified,
        text(service, "description"),
        areas(service),
        types);
  }

  /** The areas served: HSDS {@code service_areas}, else the names of its locations. */
  private static List<String> areas(JsonNode service) {
    List<String> areas = new ArrayList<>();
    for (JsonNode area : service.path("service_areas")) {
      String name = text(area, "name");
      if (name != null) {
        areas.add(name);
      }
    }
    if (areas.isEmpty()) {
      for (JsonNode at : service.path("service_at_locations")) {
        String name = text(at.path("location"), "name");
        if (name != null) {
          areas.add(name);
        }
      }
    }
    return areas;
  }

  private static ContactChannel channel(String id, String code, String address, String secret) {
    Channel channel;
    try {
      channel = Channel.valueOf(String.valueOf(code).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFeedException("service " + id + " has unknown channel '" + code + "'");
    }
    if (address == null) {
      throw new InvalidFeedException("service " + id + " channel " + code + " has no value");
    }
    return new ContactChannel(channel, address, secret);
  }

  private static String odsCode(JsonNode service) {
    for (JsonNode identifier : service.path("organization").path("organization_identifiers")) {
      if ("ODS".equalsIgnoreCase(text(identifier, "identifier_scheme"))) {
        return text(identifier, "identifier");
      }
    }
    return null;
  }

  private static Capacity capacity(JsonNode service, Instant modified) {
    JsonNode capacities = service.path("service_capacity");
    if (!capacities.isArray() || capacities.isEmpty()) {
      return Capacity.UNKNOWN;
    }
    Integer places = null;
    Boolean waitlistOpen = null;
    Instant updated = null;
    for (JsonNode capacity : capacities) {
      String unit = text(capacity.path("unit"), "name");
      int available = capacity.path("available").asInt(0);
      if ("waitlist".equalsIgnoreCase(unit)) {
        waitlistOpen = Boolean.TRUE.equals(waitlistOpen) || available > 0;
      } else {
        places = (places == null ? 0 : places) + available;
      }
      Instant at = parseTime(text(capacity, "updated"));
      updated = updated == null || (at != null && at.isAfter(updated)) ? at : updated;
    }
    // Places alone say nothing of a waitlist; a waitlist without places says nothing of places.
    return new Capacity(
        Capacity.statusOf(places, waitlistOpen),
        places,
        waitlistOpen,
        updated != null ? updated : modified,
        0);
  }

  private static Instant lastModified(JsonNode service) {
    String value = text(service, "last_modified");
    if (value == null) {
      Instant latest = null;
      for (JsonNode meta : service.path("metadata")) {
        Instant at = parseTime(text(meta, "last_action_date"));
        latest = latest == null || (at != null && at.isAfter(latest)) ? at : latest;
      }
      return latest;
    }
    return parseTime(value);
  }

  private static Instant parseTime(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidFeedException("'" + value + "' is not an ISO-8601 date-time with offset");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }
}
