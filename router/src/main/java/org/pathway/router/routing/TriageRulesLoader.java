package org.pathway.router.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.pathway.events.avro.ReferralSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads triage rules from YAML and refuses, with the rule's id and position, anything it would
 * otherwise have to guess about: unknown keys, duplicate ids or priorities, empty conditions,
 * impossible age bands, unknown referral sources, targets the directory does not know.
 *
 * <pre>
 * default-service: lw-city-hub
 * rules:
 *   - id: youth-pathway
 *     priority: 10
 *     when: {age-band: 11-25}
 *     route-to: lw-youth
 * </pre>
 */
public final class TriageRulesLoader {

  private static final Set<String> RULE_KEYS =
      Set.of("id", "priority", "when", "route-to", "description");
  private static final Set<String> CONDITION_KEYS =
      Set.of("practice", "pcn", "postcode-district", "age-band", "source", "need-category");

  private TriageRulesLoader() {}

  /**
   * Parses and validates {@code yaml}.
   *
   * @param origin where the text came from, for error messages
   * @param knownService true for a directory id a rule may route to
   */
  public static TriageRules parse(String yaml, String origin, Predicate<String> knownService) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new InvalidTriageRulesException(origin + ": not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new InvalidTriageRulesException(
          origin + ": expected a mapping with 'default-service' and 'rules'");
    }
    for (Object key : top.keySet()) {
      if (!Set.of("default-service", "rules").contains(String.valueOf(key))) {
        throw new InvalidTriageRulesException(
            origin + ": unknown top-level key '" + key + "' (expected default-service, rules)");
      }
    }
    String defaultService = string(top.get("default-service"));
    if (defaultService == null) {
      throw new InvalidTriageRulesException(origin + ": 'default-service' is required");
    }
    if (!knownService.test(defaultService)) {
      throw new InvalidTriageRulesException(
          origin
              + ": default-service '"
              + defaultService
              + "' is not a link-worker service in the directory");
    }
    Object rawRules = top.get("rules");
    if (rawRules != null && !(rawRules instanceof List<?>)) {
      throw new InvalidTriageRulesException(origin + ": 'rules' must be a list");
    }
    List<TriageRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<Integer> priorities = new HashSet<>();
    int position = 0;
    for (Object raw : rawRules == null ? List.of() : (List<?>) rawRules) {
      position++;
      TriageRule rule = rule(raw, origin, position, knownService);
      String where = where(origin, position, rule.id());
      if (!ids.add(rule.id())) {
        throw new InvalidTriageRulesException(where + ": duplicate id");
      }
      if (!priorities.add(rule.priority())) {
        throw new InvalidTriageRulesException(
            where + ": priority " + rule.priority() + " is already used by another rule");
      }
      rules.add(rule);
    }
    return new TriageRules(rules, defaultService);
  }

  private static TriageRule rule(
      Object raw, String origin, int position, Predicate<String> knownService) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new InvalidTriageRulesException(
          where(origin, position, null) + ": a rule must be a mapping");
    }
    String id = string(map.get("id"));
    String where = where(origin, position, id);
    if (id == null) {
      throw new InvalidTriageRulesException(where + ": 'id' is required");
    }
    for (Object key : map.keySet()) {
      if (!RULE_KEYS.contains(String.valueOf(key))) {
        throw new InvalidTriageRulesException(
            where + ": unknown key '" + key + "' (expected one of " + sorted(RULE_KEYS) + ")");
      }
    }
    if (!(map.get("priority") instanceof Integer priority)) {
      throw new InvalidTriageRulesException(where + ": 'priority' must be a whole number");
    }
    String routeTo = string(map.get("route-to"));
    if (routeTo == null) {
      throw new InvalidTriageRulesException(where + ": 'route-to' is required");
    }
    if (!knownService.test(routeTo)) {
      throw new InvalidTriageRulesException(
          where + ": route-to '" + routeTo + "' is not a link-worker service in the directory");
    }
    if (!(map.get("when") instanceof Map<?, ?> when) || when.isEmpty()) {
      throw new InvalidTriageRulesException(
          where + ": 'when' needs at least one condition (use default-service for a catch-all)");
    }
    for (Object key : when.keySet()) {
      if (!CONDITION_KEYS.contains(String.valueOf(key))) {
        throw new InvalidTriageRulesException(
            where
                + ": unknown condition '"
                + key
                + "' (expected one of "
                + sorted(CONDITION_KEYS)
                + ")");
      }
    }
    Set<ReferralSource> sources = new LinkedHashSet<>();
    for (String s : strings(when.get("source"), where, "source")) {
      try {
        sources.add(ReferralSource.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        throw new InvalidTriageRulesException(
            where
                + ": source '"
                + s
                + "' is not one of "
                + List.of(ReferralSource.values()).stream()
                    .map(v -> v.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList());
      }
    }
    return new TriageRule(
        id,
        priority,
        upper(strings(when.get("practice"), where, "practice")),
        upper(strings(when.get("pcn"), where, "pcn")),
        upper(strings(when.get("postcode-district"), where, "postcode-district")),
        ageBand(when.get("age-band"), where),
        sources,
        lower(strings(when.get("need-category"), where, "need-category")),
        routeTo);
  }

  private static AgeBand ageBand(Object raw, String where) {
    if (raw == null) {
      return null;
    }
    String text = String.valueOf(raw).trim();
    String[] ends = text.split("-", -1);
    if (ends.length != 2) {
      throw new InvalidTriageRulesException(
          where + ": age-band '" + text + "' must look like 11-25, 65- or -17");
    }
    try {
      Integer min = ends[0].isBlank() ? null : Integer.valueOf(ends[0].trim());
      Integer max = ends[1].isBlank() ? null : Integer.valueOf(ends[1].trim());
      if ((min == null && max == null)
          || (min != null && min < 0)
          || (min != null && max != null && min > max)) {
        throw new InvalidTriageRulesException(
            where + ": age-band '" + text + "' is empty or has its lower end above its upper");
      }
      return new AgeBand(min, max);
    } catch (NumberFormatException e) {
      throw new InvalidTriageRulesException(
          where + ": age-band '" + text + "' must use whole years, e.g. 11-25");
    }
  }

  private static List<String> strings(Object raw, String where, String key) {
    if (raw == null) {
      return List.of();
    }
    Collection<?> values = raw instanceof Collection<?> c ? c : List.of(raw);
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      String s = string(v);
      if (s == null || v instanceof Map<?, ?> || v instanceof Collection<?>) {
        throw new InvalidTriageRulesException(
            where + ": '" + key + "' must be a value or a list of values");
      }
      out.add(s);
    }
    if (out.isEmpty()) {
      throw new InvalidTriageRulesException(where + ": '" + key + "' is an empty list");
    }
    return out;
  }

  private static Set<String> upper(List<String> values) {
    Set<String> out = new LinkedHashSet<>();
    values.forEach(v -> out.add(v.toUpperCase(Locale.ROOT)));
    return out;
  }

  private static Set<String> lower(List<String> values) {
    Set<String> out = new LinkedHashSet<>();
    values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
    return out;
  }

  private static String string(Object value) {
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).trim();
  }

  private static String where(String origin, int position, String id) {
    return origin + ": rule #" + position + (id == null ? "" : " '" + id + "'");
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
