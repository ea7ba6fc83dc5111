package org.pathway.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Dev-mode settings, each an environment variable with an embedded default so a fresh clone runs
 * with none set. A port of 0 means "choose a free one as dev mode starts".
 *
 * @param dataDir where embedded services keep their data ({@code PATHWAY_DATA_DIR}, default {@code
 *     .pathway})
 * @param kafkaPort the in-process broker's client port ({@code PATHWAY_KAFKA_PORT}, default 9092)
 * @param replicationFactor replicas per catalogue topic ({@code PATHWAY_TOPIC_REPLICATION}, default
 *     1; use 3 on a real cluster)
 * @param fhirPort the FHIR base's port ({@code PATHWAY_FHIR_PORT}, default 8080: the README's curl
 *     uses it)
 * @param gpPort the demo GP system's port ({@code PATHWAY_GP_PORT}, default 8090)
 * @param smtpPort the dev mail server's SMTP port ({@code PATHWAY_SMTP_PORT}, default 3025)
 * @param imapPort the dev mail server's IMAP port ({@code PATHWAY_IMAP_PORT}, default 3143)
 * @param adapterManagementPort the fhir-adapter's management port, health and metrics ({@code
 *     PATHWAY_FHIR_ADAPTER_MANAGEMENT_PORT}, default free)
 * @param routerManagementPort the router's ({@code PATHWAY_ROUTER_MANAGEMENT_PORT}, default free)
 * @param notifierManagementPort the notifier's ({@code PATHWAY_NOTIFIER_MANAGEMENT_PORT}, default
 *     free)
 * @param portalPort the portal's port, where signed links point ({@code PATHWAY_PORTAL_PORT},
 *     default 8088)
 * @param portalManagementPort the portal's management port ({@code PATHWAY_PORTAL_MANAGEMENT_PORT},
 *     default free)
 * @param mailboxPort the dev mailbox page's port, listing the mail with its links ({@code
 *     PATHWAY_MAILBOX_PORT}, default 8025)
 * @param reportingPort reporting's figures API and FHIR face ({@code PATHWAY_REPORTING_PORT},
 *     default 8084)
 * @param reportingManagementPort reporting's management port ({@code
 *     PATHWAY_REPORTING_MANAGEMENT_PORT}, default free)
 * @param clientFiles the user's own clients files ({@code PATHWAY_CLIENTS}, comma-separated YAML
 *     paths, default none), registered beside the demo clients
 */
public record DevSettings(
    Path dataDir,
    int kafkaPort,
    short replicationFactor,
    int fhirPort,
    int gpPort,
    int smtpPort,
    int imapPort,
    int adapterManagementPort,
    int routerManagementPort,
    int notifierManagementPort,
    int portalPort,
    int portalManagementPort,
    int mailboxPort,
    int reportingPort,
    int reportingManagementPort,
    List<Path> clientFiles) {

  public DevSettings {
    clientFiles = List.copyOf(clientFiles);
  }

  /** Reads the settings from {@code env}, falling back to the embedded defaults. */
  public static DevSettings from(Function<String, String> env) {
    return new DevSettings(
        Path.of(or(env, "PATHWAY_DATA_DIR", ".pathway")).toAbsolutePath(),
        port(env, "PATHWAY_KAFKA_PORT", "9092"),
        Short.parseShort(or(env, "PATHWAY_TOPIC_REPLICATION", "1")),
        port(env, "PATHWAY_FHIR_PORT", "8080"),
        port(env, "PATHWAY_GP_PORT", "8090"),
        port(env, "PATHWAY_SMTP_PORT", "3025"),
        port(env, "PATHWAY_IMAP_PORT", "3143"),
        port(env, "PATHWAY_FHIR_ADAPTER_MANAGEMENT_PORT", "0"),
        port(env, "PATHWAY_ROUTER_MANAGEMENT_PORT", "0"),
        port(env, "PATHWAY_NOTIFIER_MANAGEMENT_PORT", "0"),
        port(env, "PATHWAY_PORTAL_PORT", "8088"),
        port(env, "PATHWAY_PORTAL_MANAGEMENT_PORT", "0"),
        port(env, "PATHWAY_MAILBOX_PORT", "8025"),
        port(env, "PATHWAY_REPORTING_PORT", "8084"),
        port(env, "PATHWAY_REPORTING_MANAGEMENT_PORT", "0"),
        clientFiles(env.apply("PATHWAY_CLIENTS")));
  }

  /** The embedded defaults. */
  public static DevSettings defaults() {
    return from(Map.<String, String>of()::get);
  }

  /** The same settings with every port free-chosen, for the demo and tests beside other work. */
  public DevSettings withFreePorts() {
    return new DevSettings(
        dataDir, 0, replicationFactor, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, clientFiles);
  }

  /** The same settings with the demo GP system on {@code port}. */
  public DevSettings withGpPort(int port) {
    return new DevSettings(
        dataDir,
        kafkaPort,
        replicationFactor,
        fhirPort,
        port,
        smtpPort,
        imapPort,
        adapterManagementPort,
        routerManagementPort,
        notifierManagementPort,
        portalPort,
        portalManagementPort,
        mailboxPort,
        reportingPort,
        reportingManagementPort,
        clientFiles);
  }

  /**
   * The files a comma-separated {@code PATHWAY_CLIENTS} names, absolute (the services run in other
   * directories), each checked to exist so a typo stops dev mode before anything starts.
   */
  private static List<Path> clientFiles(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    for (String name : value.split(",")) {
      if (name.isBlank()) {
        continue;
      }
      Path file = Path.of(name.trim()).toAbsolutePath();
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "PATHWAY_CLIENTS names " + file + ", which is not a file (comma-separated YAML files)");
      }
      files.add(file);
    }
    return files;
  }

  private static int port(Function<String, String> env, String name, String fallback) {
    String value = or(env, name, fallback);
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a port (0-65535, 0 for a free one), not '" + value + "'");
  }

  private static String or(Function<String, String> env, String name, String fallback) {
    String value = env.apply(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
