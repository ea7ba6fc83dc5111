package org.pathway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;

/**
 * The security rules the production manifests must keep, each returning what breaks it (empty when
 * kept), so a test can show on the real files that nothing does and on a bad one that it is caught.
 */
final class ManifestRules {

  /** Names of variables whose value is a secret, unless it is the path of a mounted secret file. */
  static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(PASSWORD|SECRET|JAAS|API_KEY|SIGNING_KEY|TOKEN|CREDENTIAL).*");

  private static final Pattern MAIL_SINK =
      Pattern.compile("(?i).*(mailhog|greenmail|mailpit|smtp4dev|mailcatcher|maildev).*");

  private ManifestRules() {}

  /**
   * Whether {@code topic} is a Kafka Streams internal topic of the user's own application ({@code
   * pathway-<user>-...-changelog} or {@code -repartition}): Streams creates and writes those
   * itself; they are never in the catalogue and no other user may write them.
   */
  static boolean streamsInternal(String user, String topic) {
    return topic.startsWith("pathway-" + user + "-")
        && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
  }

  /**
   * KafkaUsers that grant Write (or All) on a topic to anyone but its catalogue writer, by a
   * pattern that could reach more than one topic, or on a topic the catalogue does not know; and
   * catalogue topics whose writer is granted no Write at all. One exception to the one-writer rule:
   * a service may write a topic it reads (granted Read on it by name), because an operator's replay
   * sends a dead letter back to the topic it was read from — never a dead-letter or compacted
   * topic, which no one replays to.
   */
  static List<String> writeGrantsOutsideTheCatalogue(List<JsonNode> documents) {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> writers = new HashMap<>();
    for (JsonNode user : ofKind(documents, "KafkaUser")) {
      String name = user.at("/metadata/name").asText();
      Set<String> reads = literalTopicsGranted(user, "Read");
      for (JsonNode acl : user.at("/spec/authorization/acls")) {
        JsonNode resource = acl.path("resource");
        if (!resource.path("type").asText().equals("topic") || !grantsWrite(acl)) {
          continue;
        }
        if (acl.path("type").asText("allow").equals("deny")) {
          continue;
        }
        String topic = resource.path("name").asText();
        if (streamsInternal(name, topic)) {
          continue;
        }
        if (!resource.path("patternType").asText("literal").equals("literal")) {
          problems.add(name + " may write every topic matching " + topic + "*");
          continue;
        }
        Optional<Topic> entry = Topics.named(topic);
        if (entry.isEmpty()) {
          problems.add(name + " may write " + topic + ", which is not in the catalogue");
        } else if (!entry.get().writer().id().equals(name)) {
          if (!replayable(entry.get()) || !reads.contains(topic)) {
            problems.add(
                name
                    + " may write "
                    + topic
                    + ", whose one writer is "
                    + entry.get().writer().id());
          }
          continue;
        }
        writers.computeIfAbsent(topic, t -> new HashSet<>()).add(name);
      }
    }
    for (Topic topic : Topics.all()) {
      if (!writers.getOrDefault(topic.name(), Set.of()).contains(topic.writer().id())) {
        problems.add(topic.writer().id() + " is not granted Write on " + topic.name());
      }
    }
    return problems;
  }

  /**
   * Workload variables (in {@code env} or the ConfigMaps they load) named like secrets whose value
   * is written in the manifest, unless the value is the path of a file mounted from a Secret.
   */
  static List<String> literalSecretsInWorkloads(List<JsonNode> documents) {
    List<String> problems = new ArrayList<>();
    for (JsonNode workload : documents) {
      if (!List.of("Deployment", "StatefulSet").contains(workload.path("kind").asText())) {
        continue;
      }
      JsonNode pod = workload.at("/spec/template/spec");
      for (JsonNode container : pod.path("containers")) {
        List<String> secretMounts = secretMounts(pod, container);
        Map<String, String> literal = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
          String map = from.at("/configMapRef/name").asText();
          ofKind(documents, "ConfigMap").stream()
              .filter(c -> c.at("/metadata/name").asText().equals(map))
              .forEach(
                  c ->
                      c.path("data")
                          .fields()
                          .forEachRemaining(f -> literal.put(f.getKey(), f.getValue().asText())));
        }
        for (JsonNode variable : container.path("env")) {
          if (variable.has("value")) {
            literal.put(variable.path("name").asText(), variable.path("value").asText());
          }
        }
        literal.forEach(
            (variable, value) -> {
              if (SECRET_NAME.matcher(variable).matches()
                  && secretMounts.stream().noneMatch(m -> value.startsWith(m + "/"))) {
                problems.add(
                    workload.at("/metadata/name").asText()
                        + " sets "
                        + variable
                        + " in the manifest instead of from a Secret");
              }
            });
      }
    }
    return problems;
  }

  /**
   * Compose services whose environment sets a variable named like a secret to anything but a
   * reference: a mounted secret file's path, or a {@code ${VARIABLE}} the host supplies.
   */
  static List<String> literalSecretsInCompose(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    compose
        .path("services")
        .fields()
        .forEachRemaining(
            service ->
                service
                    .getValue()
                    .path("environment")
                    .fields()
                    .forEachRemaining(
                        variable -> {
                          String value = variable.getValue().asText();
                          boolean reference =
                              value.startsWith("/run/secrets/")
                                  || value.matches("\\$\\{[A-Z_]+(:?[-?][^}]*)?}");
                          if (SECRET_NAME.matcher(variable.getKey()).matches() && !reference) {
                            problems.add(
                                service.getKey() + " sets " + variable.getKey() + " literally");
                          }
                        }));
    return problems;
  }

  /**
   * Compose ports published beyond 127.0.0.1, and mail sinks that start by default (outside a
   * profile): a sink keeps every message, people's notifications included.
   */
  static List<String> openPortsAndMailSinksInCompose(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    compose
        .path("services")
        .fields()
        .forEachRemaining(
            entry -> {
              String name = entry.getKey();
              JsonNode service = entry.getValue();
              for (JsonNode port : service.path("ports")) {
                String hostIp =
                    port.isObject()
                        ? port.path("host_ip").asText("")
                        : port.asText().split(":").length == 3 ? port.asText().split(":")[0] : "";
                if (!hostIp.equals("127.0.0.1")) {
                  problems.add(name + " publishes " + port + " beyond 127.0.0.1");
                }
              }
              if (MAIL_SINK.matcher(service.path("image").asText()).matches()
                  && service.path("profiles").isEmpty()) {
                problems.add(name + " is a mail sink that starts by default");
              }
            });
    return problems;
  }

  /**
   * The topics an operator's replay may send to: every catalogue topic a service reads and
   * dead-letters from, i.e. neither a dead-letter topic nor a compacted one.
   */
  static boolean replayable(Topic topic) {
    return !topic.isDeadLetter() && !topic.compacted();
  }

  /** Topics {@code user} is granted {@code operation} (or All) on by a literal name. */
  static Set<String> literalTopicsGranted(JsonNode user, String operation) {
    Set<String> topics = new HashSet<>();
    for (JsonNode acl : user.at("/spec/authorization/acls")) {
      JsonNode resource = acl.path("resource");
      if (!resource.path("type").asText().equals("topic")
          || !resource.path("patternType").asText("literal").equals("literal")
          || acl.path("type").asText("allow").equals("deny")) {
        continue;
      }
      List<String> operations = new ArrayList<>();
      acl.path("operations").forEach(o -> operations.add(o.asText()));
      if (acl.has("operation")) {
        operations.add(acl.path("operation").asText());
      }
      if (operations.stream().anyMatch(o -> o.equalsIgnoreCase(operation) || o.equals("All"))) {
        topics.add(resource.path("name").asText());
      }
    }
    return topics;
  }

  private static boolean grantsWrite(JsonNode acl) {
    List<String> operations = new ArrayList<>();
    acl.path("operations").forEach(o -> operations.add(o.asText()));
    if (acl.has("operation")) {
      operations.add(acl.path("operation").asText());
    }
    return operations.stream().anyMatch(o -> o.equalsIgnoreCase("Write") || o.equals("All"));
  }

  /** Mount paths of the container's volumes that come from Secrets. */
  private static List<String> secretMounts(JsonNode pod, JsonNode container) {
    Set<String> secretVolumes = new HashSet<>();
    for (JsonNode volume : pod.path("volumes")) {
      if (volume.has("secret")) {
        secretVolumes.add(volume.path("name").asText());
      }
    }
    List<String> paths = new ArrayList<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      if (secretVolumes.contains(mount.path("name").asText())) {
        paths.add(mount.path("mountPath").asText());
      }
    }
    return paths;
  }

  static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
    return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }
}
