package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.kafkameters.KafkaOffsetMeters;

/** Keeps the production manifests consistent with the topic catalogue and the services' config. */
class ManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> SERVICES = List.of("fhir-adapter", "router", "notifier");

  @Test
  void everyCatalogueTopicHasAKafkaTopicWithTheSameSettingsAndNoOtherExists() throws IOException {
    Map<String, JsonNode> manifests =
        documents(K8S.resolve("topics.yaml")).stream()
            .filter(d -> d.path("kind").asText().equals("KafkaTopic"))
            .collect(Collectors.toMap(d -> d.at("/spec/topicName").asText(), Function.identity()));

    assertThat(manifests.keySet())
        .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
    for (Topic topic : Topics.all()) {
      JsonNode manifest = manifests.get(topic.name());
      assertThat(manifest.at("/spec/partitions").asInt())
          .as(topic.name())
          .isEqualTo(topic.partitions());
      assertThat(manifest.at("/spec/config/retention.ms").asLong())
          .as(topic.name())
          .isEqualTo(topic.retention().toMillis());
      assertThat(manifest.at("/spec/replicas").asInt()).as(topic.name()).isGreaterThanOrEqualTo(3);
      assertThat(manifest.at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
      assertThat(manifest.at("/metadata/labels/pathway.org~1writer").asText())
          .as(topic.name())
          .isEqualTo(topic.writer().id());
      assertThat(manifest.at("/metadata/labels/strimzi.io~1cluster").asText())
          .isEqualTo(clusterName());
    }
  }

  @Test
  void theClusterRefusesToAutoCreateTopicsAndKeepsTwoReplicasInSync() throws IOException {
    JsonNode kafka = kafkaResource();
    assertThat(kafka.at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true)).isFalse();
    assertThat(kafka.at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(2);
  }

  @Test
  void composeCreatesExactlyTheCatalogueTopicsWithTheirRetention() throws IOException {
    String script = compose().at("/services/kafka-topics/command/0").asText();
    Map<String, Long> created = new java.util.HashMap<>();
    var matcher =
        java.util.regex.Pattern.compile("(?m)^\\s*create (\\S+) (\\d+)\\s*$").matcher(script);
    while (matcher.find()) {
      created.put(matcher.group(1), Long.parseLong(matcher.group(2)));
    }
    assertThat(created)
        .containsExactlyInAnyOrderEntriesOf(
            Topics.all().stream()
                .collect(Collectors.toMap(Topic::name, t -> t.retention().toMillis())));
  }

  @Test
  void everyVariableComposeSetsIsOneTheServiceReads() throws IOException {
    for (String service : SERVICES) {
      String config =
          Files.readString(Path.of("..", service, "src/main/resources/application.yml"));
      JsonNode environment = compose().at("/services/" + service + "/environment");
      assertThat(environment.isObject()).as(service + " environment").isTrue();
      environment
          .fieldNames()
          .forEachRemaining(
              variable ->
                  assertThat(config)
                      .as("%s sets %s, which its application.yml never reads", service, variable)
                      .contains("${" + variable + ":"));
    }
  }

  @Test
  void everyServiceNamesTheSharedSettingsWithTheSameVariable() throws IOException {
    Map<String, String> shared =
        Map.of(
            "micronaut.server.port", "MANAGEMENT_PORT",
            "pathway.metrics.lag-interval", "KAFKA_LAG_INTERVAL",
            "pathway.kafka.bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");
    for (String service : SERVICES) {
      JsonNode config = YAML.readTree(applicationYml(service));
      shared.forEach(
          (key, variable) ->
              assertThat(config.at("/" + key.replace('.', '/')).asText())
                  .as("%s: %s", service, key)
                  .startsWith("${" + variable + ":"));
      assertThat(applicationYml(service))
          .as("%s: durations are durations, never milliseconds", service)
          .doesNotContainPattern("\\$\\{[A-Z_]+_MS:")
          .doesNotContainPattern("(?m)^\\s*[a-z-]+-ms:");
    }
  }

  @Test
  void composeHealthChecksProbeEachServicesReadinessEndpoint() throws IOException {
    for (String service : SERVICES) {
      JsonNode test = compose().at("/services/" + service + "/healthcheck/test");
      assertThat(test.toString()).as(service).contains("/health/readiness");
    }
  }

  @Test
  void alertsNameOnlyMetricsTheServicesExportAndTellTheOperatorWhatHappened() throws IOException {
    Set<String> exported =
        Set.of(
            prometheusName(KafkaOffsetMeters.CONSUMER_LAG),
            prometheusName(KafkaOffsetMeters.DEAD_LETTERS),
            prometheusName(KafkaOffsetMeters.AGE) + "_seconds");
    JsonNode rule = named(documents(K8S.resolve("alerts.yaml")), "PrometheusRule", "pathway");
    List<JsonNode> alerts = new ArrayList<>();
    rule.at("/spec/groups").forEach(g -> g.path("rules").forEach(alerts::add));
    assertThat(alerts).isNotEmpty();
    for (JsonNode alert : alerts) {
      String name = alert.path("alert").asText();
      var metrics = Pattern.compile("pathway_[a-z_]+").matcher(alert.path("expr").asText());
      assertThat(metrics.find()).as(name + " names a Pathway metric").isTrue();
      do {
        assertThat(exported).as(name).contains(metrics.group());
      } while (metrics.find());
      assertThat(alert.at("/labels/severity").asText()).as(name).isNotBlank();
      assertThat(alert.at("/annotations/summary").asText()).as(name).isNotBlank();
      assertThat(alert.at("/annotations/description").asText()).as(name).isNotBlank();
    }
  }

  /** Micrometer's Prometheus naming: dots become underscores. */
  private static String prometheusName(String meter) {
    return meter.replace('.', '_');
  }

  @Test
  void everyVariableKubernetesSetsIsOneTheServiceReads() throws IOException {
    List<JsonNode> k8s = documents(K8S.resolve("services.yaml"));
    for (String service : SERVICES) {
      String config = applicationYml(service);
      JsonNode configMap = named(k8s, "ConfigMap", service + "-config");
      List<String> variables = new ArrayList<>();
      configMap.path("data").fieldNames().forEachRemaining(variables::add);
      container(k8s, service).path("env").forEach(e -> variables.add(e.path("name").asText()));
      assertThat(variables).as(service).isNotEmpty();
      for (String variable : variables) {
        assertThat(config)
            .as("%s's manifest sets %s, which its application.yml never reads", service, variable)
            .contains("${" + variable + ":");
      }
    }
  }

  @Test
  void kubernetesProbesHitEachServicesHealthEndpointsOnItsManagementPort() throws IOException {
    List<JsonNode> k8s = documents(K8S.resolve("services.yaml"));
    for (String service : SERVICES) {
      JsonNode container = container(k8s, service);
      assertThat(container.at("/readinessProbe/httpGet/path").asText())
          .isEqualTo("/health/readiness");
      assertThat(container.at("/livenessProbe/httpGet/path").asText())
          .isEqualTo("/health/liveness");
      int managementPort = -1;
      for (JsonNode port : container.path("ports")) {
        if (port.path("name").asText().equals("management")) {
          managementPort = port.path("containerPort").asInt();
        }
      }
      var defaultPort =
          java.util.regex.Pattern.compile("port: \\$\\{[A-Z_]+:(\\d+)}")
              .matcher(managementSection(service));
      assertThat(defaultPort.find()).as(service + " management port default").isTrue();
      assertThat(managementPort).as(service).isEqualTo(Integer.parseInt(defaultPort.group(1)));
    }
  }

  private static String applicationYml(String service) throws IOException {
    return Files.readString(Path.of("..", service, "src/main/resources/application.yml"));
  }

  /** The {@code micronaut.server} block, where the management (health) port is set. */
  private static String managementSection(String service) throws IOException {
    String yml = applicationYml(service);
    int server = yml.indexOf("  server:");
    return server < 0 ? "" : yml.substring(server, Math.min(yml.length(), server + 300));
  }

  private static JsonNode named(List<JsonNode> documents, String kind, String name) {
    return documents.stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .filter(d -> d.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static JsonNode container(List<JsonNode> documents, String service) {
    JsonNode workload =
        documents.stream()
            .filter(d -> List.of("Deployment", "StatefulSet").contains(d.path("kind").asText()))
            .filter(d -> d.at("/metadata/name").asText().equals(service))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no workload for " + service));
    return workload.at("/spec/template/spec/containers/0");
  }

  private static JsonNode compose() throws IOException {
    return documents(Path.of("compose", "compose.yaml")).get(0);
  }

  private static String clusterName() throws IOException {
    return kafkaResource().at("/metadata/name").asText();
  }

  private static JsonNode kafkaResource() throws IOException {
    return documents(K8S.resolve("kafka.yaml")).stream()
        .filter(d -> d.path("kind").asText().equals("Kafka"))
        .findFirst()
        .orElseThrow();
  }

  static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      var values = YAML.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode node = values.next();
        if (node != null && !node.isNull() && !node.isEmpty()) {
          documents.add(node);
        }
      }
    }
    return documents;
  }
}
