package org.pathway.events;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.serde.ShippedSchemas;
import org.pathway.events.topics.Topics;

/**
 * Records the current schema of every event type as its next shipped version, where it differs from
 * the last one shipped. Run it when releasing; the compatibility gate then holds every later change
 * to what was shipped. Run from the repository root:
 *
 * <pre>./mvnw -q -pl pathway-events -am test-compile exec:java@ship-schemas</pre>
 */
public final class ShipSchemas {

  private ShipSchemas() {}

  public static void main(String[] args) throws Exception {
    Path root =
        Path.of(args.length > 0 ? args[0] : "src/main/resources/org/pathway/events/history");
    for (Class<? extends SpecificRecord> type : Topics.eventTypes()) {
      var shipped = ShippedSchemas.history(type);
      var current = ShippedSchemas.current(type);
      boolean unchanged =
          !shipped.isEmpty()
              && ShippedSchemas.fingerprint(shipped.get(shipped.size() - 1).writer())
                  == ShippedSchemas.fingerprint(current);
      if (unchanged) {
        System.out.printf("%-24s unchanged since v%d%n", type.getSimpleName(), shipped.size());
        continue;
      }
      Path file = root.resolve(type.getSimpleName()).resolve("v" + (shipped.size() + 1) + ".avsc");
      Files.createDirectories(file.getParent());
      Files.writeString(file, current.toString(true) + "\n");
      System.out.printf("%-24s shipped as %s%n", type.getSimpleName(), file);
    }
  }
}
