package org.pathway.directory;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.pathway.events.avro.Channel;

/**
 * What Pathway needs to know of a service that HSDS / Open Referral UK does not say, written by the
 * operator instead of carried by the feed: its kind (link-worker service, community group, hub),
 * whether it accepts referrals or is listed for signposting only, its referral channels, its ODS
 * code and its Primary Care Network. Rules match a service by id, by organisation id or by a
 * taxonomy term; for each setting the most specific matching rule wins (service, then organisation,
 * then taxonomy, then the order in the file), then the feed's own Pathway attributes, then {@code
 * defaults}.
 *
 * @param defaults what an entry no rule speaks for gets (when absent: a community group listed for
 *     signposting only)
 */
public record DirectoryMapping(Rule defaults, List<Rule> rules) {

  /** No operator mapping: stock entries are community groups listed for signposting only. */
  public static final DirectoryMapping NONE = new DirectoryMapping(null, List.of());

  public DirectoryMapping {
    defaults =
        defaults == null ? new Rule(null, null, null, null, null, null, null, null) : defaults;
    rules = rules == null ? List.of() : List.copyOf(rules);
    for (int i = 0; i < rules.size(); i++) {
      rules.get(i).check("rules[" + i + "]");
    }
    defaults.check("defaults");
  }

  /**
   * One rule: what it matches (exactly one of {@code service}, {@code organization}, {@code
   * taxonomy}) and what it says (each null when it says nothing).
   *
   * @param referrals {@code accepts} or {@code signpost-only}
   */
  public record Rule(
      String service,
      String organization,
      TermMatch taxonomy,
      String kind,
      String referrals,
      String ods,
      String pcn,
      List<ChannelRule> channels) {

    void check(String where) {
      if (kind != null && ServiceKind.fromCode(kind) == null) {
        throw new InvalidFeedException(
            "directory mapping " + where + ": kind '" + kind + "' is not one of " + kinds());
      }
      if (referrals != null && referralsValue() == null) {
        throw new InvalidFeedException(
            "directory mapping "
                + where
                + ": referrals '"
                + referrals
                + "' is not accepts or signpost-only");
      }
      if (channels != null) {
        for (ChannelRule channel : channels) {
          channel.toChannel(where);
        }
      }
    }

    int specificity() {
      return service != null ? 3 : organization != null ? 2 : taxonomy != null ? 1 : 0;
    }

    boolean matches(String serviceId, String organizationId, List<Term> terms) {
      if (service != null) {
        return service.equals(serviceId);
      }
      if (organization != null) {
        return organization.equals(organizationId);
      }
      return taxonomy != null && terms.stream().anyMatch(taxonomy::matches);
    }

    Boolean referralsValue() {
      if (referrals == null) {
        return null;
      }
      return switch (referrals.toLowerCase(Locale.ROOT)) {
        case "accepts", "accepts-referrals" -> true;
        case "signpost-only", "signpost" -> false;
        default -> null;
      };
    }

    List<ContactChannel> contactChannels() {
      return channels == null ? null : channels.stream().map(c -> c.toChannel("")).toList();
    }
  }

  /** A taxonomy term a rule matches: its code, and its vocabulary when given. */
  public record TermMatch(String vocabulary, String code) {
    boolean matches(Term term) {
      return code != null
          && code.equalsIgnoreCase(term.code())
          && (vocabulary == null || vocabulary.equalsIgnoreCase(term.vocabulary()));
    }
  }

  /** A referral channel: email, sms, webhook or fhir; the address; the secret's name, never it. */
  public record ChannelRule(
      String channel, String address, @JsonProperty("secret-ref") String secretRef) {
    ContactChannel toChannel(String where) {
      Channel parsed;
      try {
        parsed = Channel.valueOf(String.valueOf(channel).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidFeedException(
            "directory mapping " + where + ": channel '" + channel + "' is not a channel");
      }
      try {
        return new ContactChannel(parsed, address, secretRef);
      } catch (IllegalArgumentException e) {
        throw new InvalidFeedException("directory mapping " + where + ": " + e.getMessage());
      }
    }
  }

  /**
   * What the mapping says of one service: each null when no rule (nor the defaults) says it.
   *
   * @param acceptsReferrals null when no rule says
   */
  public record Resolved(
      ServiceKind kind,
      Boolean acceptsReferrals,
      String ods,
      String pcn,
      List<ContactChannel> channels) {}

  /** What the rules matching this service say, most specific first; defaults not applied. */
  public Resolved resolve(String serviceId, String organizationId, List<Term> terms) {
    List<Rule> matching = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.matches(serviceId, organizationId, terms)) {
        matching.add(rule);
      }
    }
    // Stable sort: within one specificity the file's order stands.
    matching.sort(Comparator.comparingInt(Rule::specificity).reversed());
    String kind = first(matching, Rule::kind);
    return new Resolved(
        kind == null ? null : ServiceKind.fromCode(kind),
        first(matching, Rule::referralsValue),
        first(matching, Rule::ods),
        first(matching, Rule::pcn),
        first(matching, Rule::contactChannels));
  }

  /** The kind of an entry nothing else speaks for. */
  public ServiceKind defaultKind() {
    return defaults.kind() == null
        ? ServiceKind.COMMUNITY_GROUP
        : ServiceKind.fromCode(defaults.kind());
  }

  /** Whether an entry nothing else speaks for accepts referrals. */
  public boolean defaultAcceptsReferrals() {
    Boolean value = defaults.referralsValue();
    return value != null && value;
  }

  private static <T> T first(List<Rule> rules, Function<Rule, T> field) {
    for (Rule rule : rules) {
      T value = field.apply(rule);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static List<String> kinds() {
    return java.util.Arrays.stream(ServiceKind.values()).map(ServiceKind::code).toList();
  }

  /**
   * Reads a mapping file ({@code classpath:}, {@code file:} or a path); blank means {@link #NONE}.
   * A mapping that cannot be read or says something impossible stops start-up, naming the rule.
   */
  public static DirectoryMapping load(String location) {
    if (location == null || location.isBlank()) {
      return NONE;
    }
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    try (InputStream in = open(location.trim())) {
      DirectoryMapping mapping = yaml.readValue(in, DirectoryMapping.class);
      return mapping == null ? NONE : mapping;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the directory mapping " + location + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(String location) throws IOException {
    if (location.startsWith("classpath:")) {
      String name = location.substring("classpath:".length()).replaceFirst("^/", "");
      InputStream in = DirectoryMapping.class.getClassLoader().getResourceAsStream(name);
      if (in == null) {
        throw new IOException("no classpath resource " + name);
      }
      return in;
    }
    String path = location.startsWith("file:") ? URI.create(location).getPath() : location;
    return Files.newInputStream(Path.of(path));
  }
}
