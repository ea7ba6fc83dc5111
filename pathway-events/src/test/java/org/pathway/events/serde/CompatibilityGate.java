package org.pathway.events.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The schema compatibility rule Pathway holds itself to: a current schema must read every shipped
 * version (backward, so consumers can be upgraded first) and be readable by every shipped version
 * (forward, so producers can be upgraded first).
 */
final class CompatibilityGate {

  private CompatibilityGate() {}

  /** What breaks between {@code current} and the shipped versions; empty when nothing does. */
  static List<String> problems(Schema current, List<ShippedSchemas.Known> shipped) {
    List<String> problems = new ArrayList<>();
    for (ShippedSchemas.Known old : shipped) {
      check(current, old.writer(), "current cannot read " + old.version(), problems);
      check(old.writer(), current, old.version() + " cannot read current", problems);
    }
    return problems;
  }

  private static void check(Schema reader, Schema writer, String what, List<String> problems) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add(
          reader.getName() + ": " + what + ": " + result.getResult().getIncompatibilities());
    }
  }
}
