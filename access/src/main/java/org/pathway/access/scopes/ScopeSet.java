package org.pathway.access.scopes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of SMART scopes, e.g. {@code system/Task.rsu system/ServiceRequest.cr}. v2 permission
 * letters ({@code cruds}) and v1 suffixes ({@code .read}, {@code .write}, {@code .*}) are both
 * understood; {@code *} as resource type means every type. Only {@code system/} scopes grant a
 * backend system anything; {@code user/} and {@code patient/} scopes are kept but never permit.
 */
public final class ScopeSet {

  /** The SMART context a scope applies in. */
  private static final Set<String> CONTEXTS = Set.of("system", "user", "patient");

  private static final Pattern RESOURCE_SCOPE =
      Pattern.compile("(system|user|patient)/(\\*|[A-Z][A-Za-z]{0,63})\\.([A-Za-z*]+)");

  private static final ScopeSet EMPTY = new ScopeSet(Map.of());

  /** Key {@code context/Type} (sorted, so {@code *} comes first) to its permitted interactions. */
  private final Map<String, Set<Interaction>> scopes;

  private ScopeSet(Map<String, Set<Interaction>> scopes) {
    this.scopes = scopes;
  }

  /**
   * Parses a space-separated scope string (the OAuth {@code scope} parameter or claim). Scopes that
   * are not resource scopes ({@code openid}, {@code launch/patient}, {@code offline_access}) are
   * left out, as they grant nothing here.
   *
   * @throws IllegalArgumentException for a malformed resource scope, naming it
   */
  public static ScopeSet parse(String spaceSeparated) {
    if (spaceSeparated == null || spaceSeparated.isBlank()) {
      return EMPTY;
    }
    return of(List.of(spaceSeparated.trim().split("\\s+")));
  }

  /**
   * As {@link #parse} but leaves out anything it does not understand instead of refusing it: for
   * tokens from external issuers, whose scope claims may carry their own vocabulary. Leaving a
   * scope out only ever narrows what a token grants.
   */
  public static ScopeSet parseLenient(String spaceSeparated) {
    if (spaceSeparated == null || spaceSeparated.isBlank()) {
      return EMPTY;
    }
    Builder builder = new Builder();
    for (String scope : spaceSeparated.trim().split("\\s+")) {
      try {
        builder.add(scope);
      } catch (IllegalArgumentException notUnderstood) {
        // Narrowing is always safe: an unknown scope simply grants nothing.
      }
    }
    return builder.build();
  }

  /**
   * The scopes listed, as in a clients file.
   *
   * @throws IllegalArgumentException for a malformed resource scope, naming it
   */
  public static ScopeSet of(Collection<String> scopes) {
    Builder builder = new Builder();
    for (String scope : scopes) {
      builder.add(scope == null ? "" : scope.trim());
    }
    return builder.build();
  }

  /**
   * What a token may carry: each requested scope narrowed to what this (registered) set allows,
   * e.g. registered {@code system/Task.rsu} and requested {@code system/Task.rs system/Patient.r}
   * gives {@code system/Task.rs}.
   */
  public ScopeSet grant(ScopeSet requested) {
    Builder builder = new Builder();
    requested.scopes.forEach(
        (wantedKey, wantedLetters) -> {
          String context = context(wantedKey);
          String wantedType = type(wantedKey);
          scopes.forEach(
              (heldKey, heldLetters) -> {
                String heldType = type(heldKey);
                if (!context(heldKey).equals(context)) {
                  return;
                }
                String type;
                if (heldType.equals("*")) {
                  type = wantedType;
                } else if (wantedType.equals("*") || wantedType.equals(heldType)) {
                  type = heldType;
                } else {
                  return;
                }
                EnumSet<Interaction> both = EnumSet.noneOf(Interaction.class);
                both.addAll(wantedLetters);
                both.retainAll(heldLetters);
                builder.put(context, type, both);
              });
        });
    return builder.build();
  }

  /** Whether {@code interaction} on {@code resourceType} is within these scopes. */
  public boolean permits(String resourceType, Interaction interaction) {
    Set<Interaction> anyType = scopes.get("system/*");
    if (anyType != null && anyType.contains(interaction)) {
      return true;
    }
    Set<Interaction> thisType = scopes.get("system/" + resourceType);
    return thisType != null && thisType.contains(interaction);
  }

  public boolean isEmpty() {
    return scopes.isEmpty();
  }

  /** Each scope in canonical form ({@code system/Task.rs}), sorted. */
  public List<String> asList() {
    List<String> out = new ArrayList<>(scopes.size());
    scopes.forEach((key, letters) -> out.add(key + "." + letters(letters)));
    return Collections.unmodifiableList(out);
  }

  /** The scopes space-separated, in canonical form ({@code system/Task.rs}). */
  @Override
  public String toString() {
    return String.join(" ", asList());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScopeSet that && scopes.equals(that.scopes);
  }

  @Override
  public int hashCode() {
    return scopes.hashCode();
  }

  private static String context(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  private static String type(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  private static String letters(Set<Interaction> interactions) {
    StringBuilder out = new StringBuilder(5);
    for (Interaction interaction : Interaction.values()) {
      if (interactions.contains(interaction)) {
        out.append(interaction.letter());
      }
    }
    return out.toString();
  }

  /** Collects scopes, merging those of one context and type, and normalises the result. */
  private static final class Builder {
    private final Map<String, EnumSet<Interaction>> scopes = new TreeMap<>();

    void add(String scope) {
      if (scope.isEmpty()) {
        throw new IllegalArgumentException("empty scope");
      }
      int slash = scope.indexOf('/');
      boolean resourceShaped = slash > 0 && CONTEXTS.contains(scope.substring(0, slash));
      if (!resourceShaped) {
        return;
      }
      if (scope.indexOf('?') >= 0) {
        throw new IllegalArgumentException(
            "scope '" + scope + "': granular scopes (with '?') are not supported");
      }
      Matcher m = RESOURCE_SCOPE.matcher(scope);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "scope '" + scope + "' is not <system|user|patient>/<Type or *>.<cruds>");
      }
      put(m.group(1), m.group(2), interactions(scope, m.group(3)));
    }

    void put(String context, String type, Set<Interaction> interactions) {
      if (interactions.isEmpty()) {
        return;
      }
      scopes
          .computeIfAbsent(context + "/" + type, k -> EnumSet.noneOf(Interaction.class))
          .addAll(interactions);
    }

    ScopeSet build() {
      Map<String, Set<Interaction>> out = new TreeMap<>();
      scopes.forEach(
          (key, letters) -> {
            // Letters the context's wildcard already grants are said once, on the wildcard.
            EnumSet<Interaction> own = EnumSet.copyOf(letters);
            Set<Interaction> anyType = scopes.get(context(key) + "/*");
            if (!type(key).equals("*") && anyType != null) {
              own.removeAll(anyType);
            }
            if (!own.isEmpty()) {
              out.put(key, Collections.unmodifiableSet(own));
            }
          });
      return out.isEmpty() ? EMPTY : new ScopeSet(Collections.unmodifiableMap(out));
    }

    private static EnumSet<Interaction> interactions(String scope, String suffix) {
      switch (suffix) {
        case "read":
          return EnumSet.of(Interaction.READ, Interaction.SEARCH);
        case "write":
          return EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE);
        case "*":
          return EnumSet.allOf(Interaction.class);
        default:
          break;
      }
      EnumSet<Interaction> out = EnumSet.noneOf(Interaction.class);
      for (char letter : suffix.toCharArray()) {
        Interaction interaction = byLetter(letter);
        if (interaction == null || !out.add(interaction)) {
          throw new IllegalArgumentException(
              "scope '"
                  + scope
                  + "': permissions are the letters c, r, u, d, s (each once), or read, write, *");
        }
      }
      return out;
    }

    private static Interaction byLetter(char letter) {
      for (Interaction interaction : Interaction.values()) {
        if (interaction.letter() == letter) {
          return interaction;
        }
      }
      return null;
    }
  }
}
