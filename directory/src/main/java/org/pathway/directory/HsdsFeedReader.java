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
import java.util.Objects;
import org.pathway.events.avro.Channel;

/**
 * Maps one HSDS 3.0 / Open Referral UK services document to directory entries, as published.
 *
 * <p>Accepts the paginated API shape ({@code {"contents": [...], "total_pages": n}}) or a bare
 * array of services. What the standard does not say — the entry's kind, whether it accepts
 * referrals or is listed for signposting only, its referral channels, ODS code and PCN — comes from
 * the operator's {@link DirectoryMapping}; a feed written for Pathway may still carry it as
 * attributes (vocabularies {@code pathway-service-kind}, {@code pathway-channel}: code
 * email/sms/webhook/fhir, value the address, label the secret's name; {@code pathway-pcn}), and
 * such an entry accepts referrals. Capacity is {@code service_capacity} (or {@code capacities}):
 * unit {@code places} available, unit {@code waitlist} open. A record that cannot be read is
 * skipped and reported in {@link FeedPage#skipped()}; the rest of the document still applies.
 */
public final class HsdsFeedReader {

  static final String KIND_VOCABULARY = "pathway-service-kind";
  static final String CHANNEL_VOCABULARY = "pathway-channel";

  private final ObjectMapper json = new ObjectMapper();
  private final DirectoryMapping mapping;

  /** One page of the feed and how many pages there are. */
  public record Page(FeedPage change, int totalPages) {}

  /** A reader with no operator mapping ({@link DirectoryMapping#NONE}). */
  public HsdsFeedReader() {
    this(DirectoryMapping.NONE);
  }

  public HsdsFeedReader(DirectoryMapping mapping) {
    this.mapping = Objects.requireNonNull(mapping, "mapping");
  }

  /**
   * Reads a services document. Entries modified at or before {@code modifiedAfter} are skipped
   * silently (unchanged); records that cannot be read are skipped and listed with the reason.
   *
   * @throws InvalidFeedException when the document itself has no services array
   */
  public Page read(InputStream in, Instant modifiedAfter) throws IOException {
    JsonNode root = json.readTree(in);
    JsonNode services = root == null ? null : root.isArray() ? root : root.path("contents");
    if (services == null || !services.isArray()) {
      throw new InvalidFeedException("feed has neither a 'contents' array nor a top-level array");
    }
    List<DirectoryEntry> entries = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<SkippedRecord> skipped = new ArrayList<>();
    int position = 0;
    for (JsonNode service : services) {
      position++;
      String id = text(service, "id");
      if (id == null) {
        skipped.add(new SkippedRecord("#" + position, "the service has no 'id'"));
        continue;
      }
      try {
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
      } catch (InvalidFeedException | IllegalArgumentException e) {
        skipped.add(new SkippedRecord(id, e.getMessage()));
      }
    }
    int totalPages = root.isArray() ? 1 : Math.max(1, root.path("total_pages").asInt(1));
    return new Page(new FeedPage(entries, removed, skipped), totalPages);
  }

  private DirectoryEntry toEntry(String id, JsonNode service, Instant modified) {
    String name = text(service, "name");
    if (name == null) {
      throw new InvalidFeedException("the service has no 'name'");
    }
    ServiceKind feedKind = null;
    List<ContactChannel> feedChannels = new ArrayList<>();
    List<Term> types = new ArrayList<>();
    for (JsonNode attribute : service.path("attributes")) {
      JsonNode term = attribute.path("taxonomy_term");
      String vocabulary = vocabulary(term);
      String code = text(term, "code");
      if (KIND_VOCABULARY.equals(vocabulary)) {
        feedKind = ServiceKind.fromCode(code);
        if (feedKind == null) {
          throw new InvalidFeedException("unknown kind '" + code + "'");
        }
      } else if (CHANNEL_VOCABULARY.equals(vocabulary)) {
        feedChannels.add(channel(code, text(attribute, "value"), text(attribute, "label")));
      } else if (vocabulary != null && code != null) {
        types.add(new Term(vocabulary, code, text(term, "name")));
      }
    }
    JsonNode organization = service.path("organization");
    String organizationId =
        text(service, "organization_id") != null
            ? text(service, "organization_id")
            : text(organization, "id");
    DirectoryMapping.Resolved said = mapping.resolve(id, organizationId, types);

    ServiceKind kind =
        said.kind() != null ? said.kind() : feedKind != null ? feedKind : mapping.defaultKind();
    boolean acceptsReferrals;
    if (said.acceptsReferrals() != null) {
      acceptsReferrals = said.acceptsReferrals();
    } else if (feedKind != null || kind != ServiceKind.COMMUNITY_GROUP) {
      // A feed that names Pathway's kinds was written for routing; services and hubs take
      // referrals by what they are.
      acceptsReferrals = true;
    } else {
      acceptsReferrals = mapping.defaultAcceptsReferrals();
    }
    if (said.pcn() != null
        && types.stream().noneMatch(t -> DirectoryEntry.PCN_VOCABULARY.equals(t.vocabulary()))) {
      types.add(new Term(DirectoryEntry.PCN_VOCABULARY, said.pcn(), null));
    }

    String contactName = null;
    List<ContactChannel> channels = new ArrayList<>();
    if (acceptsReferrals) {
      channels.addAll(said.channels() != null ? said.channels() : feedChannels);
      // The standard's own contact fields are the fallback when no channel is declared.
      String email = text(service, "email");
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
    }
    return new DirectoryEntry(
        id,
        name,
        kind,
        said.ods() != null ? said.ods() : odsCode(organization),
        contactName,
        capacity(service, modified),
        channels,
        modified,
        text(service, "description"),
        areas(service),
        types,
        new Listing(
            acceptsReferrals,
            HsdsListing.places(service),
            HsdsListing.openingHours(service),
            HsdsListing.contact(service, organization)));
  }

  /** A term's vocabulary: ORUK's {@code vocabulary}, else HSDS 3.0's {@code taxonomy}. */
  private static String vocabulary(JsonNode term) {
    String vocabulary = text(term, "vocabulary");
    if (vocabulary == null) {
      vocabulary = text(term, "taxonomy");
    }
    return vocabulary != null ? vocabulary : text(term.path("taxonomy_detail"), "name");
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

  private static ContactChannel channel(String code, String address, String secret) {
    Channel channel;
    try {
      channel = Channel.valueOf(String.valueOf(code).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFeedException("unknown channel '" + code + "'");
    }
    if (address == null) {
      throw new InvalidFeedException("channel " + code + " has no value");
    }
    return new ContactChannel(channel, address, secret);
  }

  private static String odsCode(JsonNode organization) {
    for (JsonNode identifier : organization.path("organization_identifiers")) {
      if ("ODS".equalsIgnoreCase(text(identifier, "identifier_scheme"))) {
        return text(identifier, "identifier");
      }
    }
    return null;
  }

  private static Capacity capacity(JsonNode service, Instant modified) {
    JsonNode capacities = service.path("service_capacity");
    if (!capacities.isArray() || capacities.isEmpty()) {
      capacities = service.path("capacities");
    }
    if (!capacities.isArray() || capacities.isEmpty()) {
      return Capacity.UNKNOWN;
    }
    Integer places = null;
    Boolean waitlistOpen = null;
    Instant updated = null;
    for (JsonNode capacity : capacities) {
      String unit = text(capacity.path("unit"), "name");
      JsonNode availableNode = capacity.path("available");
      if (!availableNode.isMissingNode() && !availableNode.isNumber()) {
        throw new InvalidFeedException(
            "capacity 'available' is '" + availableNode.asText() + "', not a number");
      }
      int available = availableNode.asInt(0);
      if (available < 0) {
        throw new InvalidFeedException("capacity 'available' is negative: " + available);
      }
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

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }
}
