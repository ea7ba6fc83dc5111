package org.pathway.events.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.topics.Topics;

/**
 * Every schema a Pathway event may have been written with: the current one of each event type and
 * each version shipped before it, kept as resources under {@code /org/pathway/events/history/
 * <Type>/v<N>.avsc}. Looked up by the CRC-64-AVRO fingerprint single-object encoding carries.
 */
public final class ShippedSchemas {

  static final String HISTORY = "/org/pathway/events/history/";

  /** A schema a record may have been written with, and the current type it is read as. */
  public record Known(Schema writer, Class<? extends SpecificRecord> type, String version) {}

  private final Map<Long, Known> byFingerprint;

  private ShippedSchemas(Map<Long, Known> byFingerprint) {
    this.byFingerprint = Map.copyOf(byFingerprint);
  }

  /**
   * The schemas of every event type in the topic catalogue, read once per JVM: reading and
   * fingerprinting every shipped version costs a loaded machine's start-up about a second, and a
   * service builds a deserializer per consumer and relay. They are immutable, so all share them.
   */
  public static ShippedSchemas forCatalogue() {
    return Catalogue.SCHEMAS;
  }

  /** Holds the catalogue's schemas, read by the first {@link #forCatalogue()}. */
  private static final class Catalogue {
    static final ShippedSchemas SCHEMAS = of(Topics.eventTypes());
  }

  /** The current and shipped schemas of {@code types}. */
  public static ShippedSchemas of(Collection<Class<? extends SpecificRecord>> types) {
    return of(types, List.of());
  }

  /**
   * As {@link #of(Collection)}, plus writer schemas that are not (or no longer) on the classpath.
   */
  static ShippedSchemas of(Collection<Class<? extends SpecificRecord>> types, List<Known> extra) {
    Map<Long, Known> known = new HashMap<>();
    extra.forEach(version -> known.put(fingerprint(version.writer()), version));
    for (Class<? extends SpecificRecord> type : types) {
      for (Known version : history(type)) {
        known.put(fingerprint(version.writer()), version);
      }
      known.put(fingerprint(current(type)), new Known(current(type), type, "current"));
    }
    return new ShippedSchemas(known);
  }

  /** The schema that wrote a record with this fingerprint, or null if none is known. */
  public Known find(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /** The shipped versions of {@code type}, oldest first. */
  public static List<Known> history(Class<? extends SpecificRecord> type) {
    List<Known> versions = new ArrayList<>();
    for (int v = 1; ; v++) {
      String path = HISTORY + type.getSimpleName() + "/v" + v + ".avsc";
      try (InputStream in = ShippedSchemas.class.getResourceAsStream(path)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Known(new Schema.Parser().parse(in), type, "v" + v));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read shipped schema " + path, e);
      }
    }
  }

  /** The schema {@code type} was generated from. */
  public static Schema current(Class<? extends SpecificRecord> type) {
    return SpecificData.getForClass(type).getSchema(type);
  }

  /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }
}
