package org.pathway.fhiradapter.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's postcode to area lookup: a CSV file of {@code postcode,lsoa_code,imd_decile} lines
 * (e.g. the ONS Postcode Directory's postcode and LSOA columns joined to the English Indices of
 * Deprivation 2019 file's IMD decile, 1 = most deprived 10%), read once at start-up and never
 * fetched. A first line whose decile is not a number is a header. A malformed line (not three
 * columns, a blank postcode or LSOA, a decile outside 1-10) is skipped and counted, never fatal:
 * one bad row in a national file must not stop intake.
 */
public final class DeprivationLookup {

  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** An area: its LSOA code and its IMD decile. */
  public record Area(String lsoaCode, int decile) {}

  private final Map<String, Area> byPostcode;
  private final int skipped;

  private DeprivationLookup(Map<String, Area> byPostcode, int skipped) {
    this.byPostcode = Map.copyOf(byPostcode);
    this.skipped = skipped;
  }

  /** No lookup: every postcode unknown. */
  public static DeprivationLookup none() {
    return new DeprivationLookup(Map.of(), 0);
  }

  /**
   * Reads {@code file} (UTF-8).
   *
   * @throws UncheckedIOException when the file cannot be read at all
   */
  public static DeprivationLookup load(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the deprivation lookup " + file, e);
    }
  }

  static DeprivationLookup read(BufferedReader in) throws IOException {
    Map<String, Area> areas = new HashMap<>();
    int skipped = 0;
    boolean first = true;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split(",", -1);
      if (first && cols.length == 3 && !isNumber(unquote(cols[2]))) {
        first = false;
        continue;
      }
      first = false;
      Optional<Area> area = area(cols);
      String postcode = cols.length == 3 ? normalise(unquote(cols[0])) : "";
      if (area.isEmpty() || postcode.isEmpty()) {
        skipped++;
        continue;
      }
      areas.put(postcode, area.get());
    }
    return new DeprivationLookup(areas, skipped);
  }

  /** The area of {@code postcode} (any case, any spacing); empty when unknown or blank. */
  public Optional<Area> find(String postcode) {
    return postcode == null
        ? Optional.empty()
        : Optional.ofNullable(byPostcode.get(normalise(postcode)));
  }

  /** How many postcodes the lookup holds. */
  public int size() {
    return byPostcode.size();
  }

  /** How many malformed lines were skipped. */
  public int skipped() {
    return skipped;
  }

  private static Optional<Area> area(String[] cols) {
    if (cols.length != 3) {
      return Optional.empty();
    }
    String lsoa = unquote(cols[1]);
    String decile = unquote(cols[2]);
    if (lsoa.isEmpty() || !isNumber(decile)) {
      return Optional.empty();
    }
    int d = Integer.parseInt(decile);
    return d < 1 || d > 10 ? Optional.empty() : Optional.of(new Area(lsoa, d));
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.length() <= 3 && s.chars().allMatch(Character::isDigit);
  }

  private static String unquote(String s) {
    String t = s.trim();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        ? t.substring(1, t.length() - 1).trim()
        : t;
  }

  /** A postcode as the lookup keys it: upper case, no spaces ({@code ls82qb} is {@code LS82QB}). */
  static String normalise(String postcode) {
    // Every referral's postcode passes here: a compiled pattern, not one compiled per call.
    return SPACES.matcher(postcode).replaceAll("").toUpperCase(Locale.ROOT);
  }
}
