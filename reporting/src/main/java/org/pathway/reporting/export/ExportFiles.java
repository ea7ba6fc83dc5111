package org.pathway.reporting.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pathway.reporting.journey.Journey;

/**
 * A study's files from the journeys: {@code Journey} and {@code Score} (or those of them asked for,
 * Bulk Data's {@code _type}), as NDJSON (one JSON object a line) or CSV (header, then rows; RFC
 * 4180). Plain Java.
 */
public final class ExportFiles {

  /** The output formats, as {@code _outputFormat} names them. */
  public enum Format {
    NDJSON("application/fhir+ndjson", "ndjson"),
    CSV("text/csv", "csv");

    private final String mediaType;
    private final String extension;

    Format(String mediaType, String extension) {
      this.mediaType = mediaType;
      this.extension = extension;
    }

    public String mediaType() {
      return mediaType;
    }

    public String extension() {
      return extension;
    }

    /** The format {@code _outputFormat} asks for (Bulk Data's names and abbreviations), or null. */
    public static Format of(String outputFormat) {
      if (outputFormat == null
          || List.of("application/fhir+ndjson", "application/ndjson", "ndjson")
              .contains(outputFormat)) {
        return NDJSON;
      }
      return List.of("text/csv", "csv").contains(outputFormat) ? CSV : null;
    }
  }

  /** Every type of file an export writes, in the manifest's order. */
  public static final List<String> TYPES = List.of(ExportRows.JOURNEY, ExportRows.SCORE);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportFiles() {}

  /**
   * The types Bulk Data's {@code _type} asks for (each value a comma-separated list; none: every
   * type), in {@link #TYPES} order; null when one is blank or not a type this export writes.
   */
  public static Set<String> typesOf(List<String> typeParameters) {
    if (typeParameters.isEmpty()) {
      return new LinkedHashSet<>(TYPES);
    }
    Set<String> asked = new HashSet<>();
    for (String value : typeParameters) {
      for (String type : value.split(",", -1)) {
        if (!TYPES.contains(type.trim())) {
          return null;
        }
        asked.add(type.trim());
      }
    }
    Set<String> types = new LinkedHashSet<>(TYPES);
    types.retainAll(asked);
    return types;
  }

  /** The files of {@code types} (some of {@link #TYPES}), by type, in {@code format}. */
  public static Map<String, String> of(
      List<Journey> journeys, Pseudonyms p, Format format, Set<String> types) {
    List<Map<String, Object>> journeyRows = new ArrayList<>();
    List<Map<String, Object>> scoreRows = new ArrayList<>();
    for (Journey j : journeys) {
      if (j.referredAt() == null) {
        continue;
      }
      if (types.contains(ExportRows.JOURNEY)) {
        journeyRows.add(ExportRows.journey(j, p));
      }
      if (types.contains(ExportRows.SCORE)) {
        scoreRows.addAll(ExportRows.scores(j, p));
      }
    }
    Map<String, String> files = new LinkedHashMap<>();
    if (types.contains(ExportRows.JOURNEY)) {
      files.put(ExportRows.JOURNEY, write(journeyRows, ExportRows.JOURNEY_COLUMNS, format));
    }
    if (types.contains(ExportRows.SCORE)) {
      files.put(ExportRows.SCORE, write(scoreRows, ExportRows.SCORE_COLUMNS, format));
    }
    return files;
  }

  private static String write(List<Map<String, Object>> rows, List<String> columns, Format f) {
    StringBuilder out = new StringBuilder();
    if (f == Format.CSV) {
      out.append(String.join(",", columns)).append("\r\n");
    }
    for (Map<String, Object> row : rows) {
      if (f == Format.NDJSON) {
        out.append(json(row)).append('\n');
      } else {
        List<String> fields = new ArrayList<>();
        for (String c : columns) {
          fields.add(csvField(row.get(c)));
        }
        out.append(String.join(",", fields)).append("\r\n");
      }
    }
    return out.toString();
  }

  private static String json(Map<String, Object> row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an export row is not writable as JSON", e);
    }
  }

  private static String csvField(Object value) {
    if (value == null) {
      return "";
    }
    String v = value.toString();
    return v.contains(",") || v.contains("\"") || v.contains("\n")
        ? "\"" + v.replace("\"", "\"\"") + "\""
        : v;
  }
}
