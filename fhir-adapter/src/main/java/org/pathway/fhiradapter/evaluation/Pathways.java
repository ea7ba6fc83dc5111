package org.pathway.fhiradapter.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pathway.events.avro.WellbeingInstrument;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The pathways agreed locally (co-production) and each one's outcome set, read from one YAML file:
 *
 * <pre>
 * default-pathway: adult          # a referral no rule places
 * pathways:
 *   adult:
 *     entry: [SWEMWBS]            # instruments taken at entry ...
 *     exit: [SWEMWBS]             # ... and at exit
 *   youth:
 *     age-bands: [0-15, 16-17]    # the age bands (AgeBands) this pathway takes
 *     entry: [SWEMWBS, LONELINESS3]
 *     exit: [SWEMWBS, LONELINESS3]
 * </pre>
 *
 * <p>Pathway names are lower-case codes ({@code [a-z0-9-]+}), the codes a referrer may send as
 * {@code ServiceRequest.category} in {@code CodeSystems.PATHWAY}; instruments are {@code
 * WellbeingInstrument} names other than OTHER; an age band belongs to one pathway at most.
 *
 * @param defaultPathway the pathway of a referral no rule places
 * @param byName every pathway, by name, in the file's order
 */
public record Pathways(String defaultPathway, Map<String, Pathway> byName) {

  /**
   * One pathway and its outcome set.
   *
   * @param name its code
   * @param ageBands the age bands that place a referral on it (none: only by name)
   * @param entry the instruments taken at entry
   * @param exit the instruments taken at exit
   */
  public record Pathway(
      String name,
      Set<String> ageBands,
      Set<WellbeingInstrument> entry,
      Set<WellbeingInstrument> exit) {

    public Pathway {
      ageBands = Set.copyOf(ageBands);
      entry = Set.copyOf(entry);
      exit = Set.copyOf(exit);
    }
  }

  public Pathways {
    byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  /** The built-in file: adult SWEMWBS at entry and exit; youth (under 18) adds LONELINESS3. */
  public static final String BUILT_IN = "classpath:evaluation/pathways.yaml";

  /**
   * Reads the pathways at {@code location} ({@code classpath:...}, {@code file:...} or a path).
   *
   * @throws IllegalArgumentException naming what is wrong with the file
   * @throws UncheckedIOException when it cannot be read
   */
  public static Pathways load(String location) {
    try (InputStream in = open(location)) {
      return parse(
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pathways file " + location, e);
    }
  }

  private static InputStream open(String location) throws IOException {
    if (location.startsWith("classpath:")) {
      String name = location.substring("classpath:".length());
      InputStream in = Pathways.class.getClassLoader().getResourceAsStream(name);
      if (in == null) {
        throw new IOException("no classpath resource " + name);
      }
      return in;
    }
    String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
    return Files.newInputStream(Path.of(path));
  }

  /**
   * Parses the YAML text of a pathways file.
   *
   * @throws IllegalArgumentException listing every problem, each naming the file and element
   */
  public static Pathways parse(String yaml, String source) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    List<String> problems = new ArrayList<>();
    if (!(root instanceof Map<?, ?> top)) {
      throw new IllegalArgumentException(source + ": expected default-pathway and pathways");
    }
    Map<String, Pathway> byName = new LinkedHashMap<>();
    Map<String, String> bandOwner = new LinkedHashMap<>();
    if (!(top.get("pathways") instanceof Map<?, ?> pathways) || pathways.isEmpty()) {
      throw new IllegalArgumentException(source + ": pathways must name at least one pathway");
    }
    for (var e : pathways.entrySet()) {
      String name = String.valueOf(e.getKey());
      String at = "pathways." + name;
      if (!name.matches("[a-z0-9-]+")) {
        problems.add(at + ": a pathway name is a lower-case code [a-z0-9-]+");
      }
      Map<?, ?> body = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
      Set<String> bands = new LinkedHashSet<>();
      for (String band : strings(body.get("age-bands"), at + ".age-bands", problems)) {
        if (!AgeBands.LABELS.contains(band)) {
          problems.add(at + ".age-bands: '" + band + "' is not one of " + AgeBands.LABELS);
        } else if (bandOwner.putIfAbsent(band, name) != null) {
          problems.add(at + ".age-bands: '" + band + "' already places on " + bandOwner.get(band));
        } else {
          bands.add(band);
        }
      }
      Set<WellbeingInstrument> entry = instruments(body.get("entry"), at + ".entry", problems);
      Set<WellbeingInstrument> exit = instruments(body.get("exit"), at + ".exit", problems);
      if (entry.isEmpty() && exit.isEmpty()) {
        problems.add(at + ": an outcome set names instruments at entry or exit");
      }
      byName.put(name, new Pathway(name, bands, entry, exit));
    }
    Object def = top.get("default-pathway");
    String defaultPathway = def == null ? null : String.valueOf(def);
    if (defaultPathway == null || !byName.containsKey(defaultPathway)) {
      problems.add("default-pathway: must be one of the pathways " + byName.keySet());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
    }
    return new Pathways(defaultPathway, byName);
  }

  private static List<String> strings(Object value, String at, List<String> problems) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      problems.add(at + ": expected a list such as [a, b]");
      return List.of();
    }
    return list.stream().map(String::valueOf).toList();
  }

  private static Set<WellbeingInstrument> instruments(
      Object value, String at, List<String> problems) {
    Set<WellbeingInstrument> out = EnumSet.noneOf(WellbeingInstrument.class);
    for (String name : strings(value, at, problems)) {
      try {
        WellbeingInstrument i = WellbeingInstrument.valueOf(name.toUpperCase(Locale.ROOT));
        if (i == WellbeingInstrument.OTHER) {
          throw new IllegalArgumentException();
        }
        out.add(i);
      } catch (IllegalArgumentException e) {
        problems.add(at + ": '" + name + "' is not one of " + OutcomeSets.KNOWN);
      }
    }
    return out;
  }
}
