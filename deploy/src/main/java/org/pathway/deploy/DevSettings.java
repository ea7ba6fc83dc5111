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
 * @param fhirPort the FHIR base's port ({@code PATHWAY_FHIR_PORT}, default 8080)
 * @param gpPort the demo GP system's port ({@code PATHWAY_GP_PORT}, default 8090)
 * @param smtpPort the dev mail server's SMTP port ({@code PATHWAY_SMTP_PORT}, default 3025)
 * @param imapPort the dev mail server's IMAP port ({@code PATHWAY_IMAP_PORT}, default 3143)
 */
public record DevSettings(
    Path dataDir,
    int kafkaPort,
    short replicationFactor,
    int fhirPort,
    int gpPort,
    int smtpPort,
    int imapPort) {

  /** Reads the settings from {@code env}, falling back to the embedded defaults. */
  public static DevSettings from(Function<String, String> env) {
    return new DevSettings(
        Path.of(or(env, "PATHWAY_DATA_DIR", ".pathway")).toAbsolutePath(),
        Integer.parseInt(or(env, "PATHWAY_KAFKA_PORT", "9092")),
        Short.parseShort(or(env, "PATHWAY_TOPIC_REPLICATION", "1")),
        Integer.parseInt(or(env, "PATHWAY_FHIR_PORT", "8080")),
        Integer.parseInt(or(env, "PATHWAY_GP_PORT", "8090")),
        Integer.parseInt(or(env, "PATHWAY_SMTP_PORT", "3025")),
        Integer.parseInt(or(env, "PATHWAY_IMAP_PORT", "3143")));
  }

  /** The embedded defaults. */
  public static DevSettings defaults() {
    return from(Map.<String, String>of()::get);
  }

  /** The same settings with every port free-chosen, for tests that run beside other work. */
  public DevSettings withFreePorts() {
    return new DevSettings(dataDir, 0, replicationFactor, 0, 0, 0, 0);
  }

  private static String or(Function<String, String> env, String name, String fallback) {
    String value = env.apply(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
