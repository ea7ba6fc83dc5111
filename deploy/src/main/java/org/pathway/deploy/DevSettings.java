package org.pathway.deploy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Dev-mode settings, each an environment variable with an embedded default so a fresh clone runs
 * with none set.
 *
 * @param dataDir where embedded services keep their data ({@code PATHWAY_DATA_DIR}, default {@code
 *     .pathway})
 * @param kafkaPort the in-process broker's client port ({@code PATHWAY_KAFKA_PORT}, default 9092)
 * @param replicationFactor replicas per catalogue topic ({@code PATHWAY_TOPIC_REPLICATION}, default
 *     1; use 3 on a real cluster)
 */
public record DevSettings(Path dataDir, int kafkaPort, short replicationFactor) {

  /** Reads the settings from {@code env}, falling back to the embedded defaults. */
  public static DevSettings from(Function<String, String> env) {
    return new DevSettings(
        Path.of(or(env, "PATHWAY_DATA_DIR", ".pathway")),
        Integer.parseInt(or(env, "PATHWAY_KAFKA_PORT", "9092")),
        Short.parseShort(or(env, "PATHWAY_TOPIC_REPLICATION", "1")));
  }

  /** The embedded defaults. */
  public static DevSettings defaults() {
    return from(Map.<String, String>of()::get);
  }

  private static String or(Function<String, String> env, String name, String fallback) {
    String value = env.apply(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
