package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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

  /** The Kafka services and the portal: everything compose and Kubernetes run of Pathway's own. */
  static final List<String> WORKLOADS =
      List.of("fhir-adapter", "router", "notifier", "portal", "reporting");

  /** The services with a Kafka user of their own: the three with a database, and reporting. */
  private static final List<String> KAFKA_SERVICES =
      List.of("fhir-adapter", "router", "notifier", "reporting");

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
      assertThat(manifest.at("/spec/config/cleanup.policy").asText("delete"))
          .as(topic.name())
          .isEqualTo(topic.compacted() ? "compact" : "delete");
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
  void composeCreatesExactlyTheCatalogueTopicsWithTheirRetentionAndCompaction() throws IOException {
    String script = compose().at("/services/kafka-topics/command/0").asText();
    Map<String, String> created = new java.util.HashMap<>();
    var matcher =
        java.util.regex.Pattern.compile("(?m)^\\s*create (\\S+) (\\d+)( compact)?\\s*$")
            .matcher(script);
    while (matcher.find()) {
      created.put(
          matcher.group(1), matcher.group(2) + (matcher.group(3) == null ? "" : " compact"));
    }
    assertThat(created)
        .containsExactlyInAnyOrderEntriesOf(
            Topics.all().stream()
                .collect(
                    Collectors.toMap(
                        Topic::name,
                        t -> t.retention().toMillis() + (t.compacted() ? " compact" : ""))));
  }

  @Test
  void everyServiceRemembersWhatItConsumedAndHandledAtLeastAsLongAsTheTopicsKeepIt()
      throws IOException {
    // Retention by policy: an event id forgotten while its event is still on the topic would be
    // applied twice on a redelivery, a handled dead letter forgotten while still on its topic would
    // be offered again.
    java.time.Duration events =
        Topics.all().stream()
            .filter(t -> !t.name().endsWith(".dlq") && !t.compacted())
            .map(Topic::retention)
            .max(java.time.Duration::compareTo)
            .orElseThrow();
    Map<String, String> prefix =
        Map.of("fhir-adapter", "", "router", "ROUTER_", "notifier", "NOTIFIER_");
    for (String service : SERVICES) {
      String config =
          Files.readString(Path.of("..", service, "src/main/resources/application.yml"));
      String p = prefix.get(service);
      assertThat(defaultDays(config, p + "RETENTION_DEAD_LETTERS"))
          .as("%s keeps handled dead letters at least as long as its dead-letter topic", service)
          .isGreaterThanOrEqualTo(Topics.deadLettersOf(serviceOf(service)).retention());
      if (!service.equals("notifier")) {
        assertThat(defaultDays(config, p + "RETENTION_CONSUMED_EVENTS"))
            .as("%s keeps consumed event ids at least as long as the topics", service)
            .isGreaterThanOrEqualTo(events);
      }
      assertThat(compose().at("/services/" + service + "/environment").toString())
          .as("compose leaves %s's retention periods at their checked defaults", service)
          .doesNotContain("RETENTION_");
    }
  }

  private static java.time.Duration defaultDays(String config, String variable) {
    var m = java.util.regex.Pattern.compile("\\$\\{" + variable + ":(\\d+)d}").matcher(config);
    assertThat(m.find()).as("%s declared with a default in days", variable).isTrue();
    return java.time.Duration.ofDays(Long.parseLong(m.group(1)));
  }

  private static org.pathway.events.topics.Service serviceOf(String module) {
    return java.util.Arrays.stream(org.pathway.events.topics.Service.values())
        .filter(s -> s.id().equals(module))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everyVariableComposeSetsIsOneTheServiceReads() throws IOException {
    for (String service : WORKLOADS) {
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
    for (String service : WORKLOADS) {
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
    for (String service : WORKLOADS) {
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

  @Test
  void kafkaUsersGrantWriteOnEachTopicToItsCatalogueWriterAlone() throws IOException {
    List<JsonNode> users =
        ManifestRules.ofKind(documents(K8S.resolve("kafka-users.yaml")), "KafkaUser");

    assertThat(users.stream().map(u -> u.at("/metadata/name").asText()))
        .containsExactlyInAnyOrderElementsOf(KAFKA_SERVICES);
    assertThat(ManifestRules.writeGrantsOutsideTheCatalogue(users)).isEmpty();
    for (JsonNode user : users) {
      String name = user.at("/metadata/name").asText();
      assertThat(user.at("/spec/authentication/type").asText())
          .as(name)
          .isIn("scram-sha-512", "tls");
      assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(clusterName());
      assertThat(user.at("/spec/authorization/acls").toString())
          .as("%s reads in its own consumer group", name)
          .contains("{\"type\":\"group\",\"name\":\"" + groupId(name) + "\"");
    }
  }

  /**
   * The topics each service reads and dead-letters from, so an operator's replay sends there: the
   * fhir-adapter's ledger applier, the router's referral-events route, the notifier's request and
   * closure consumers.
   */
  private static final Map<String, List<Topic>> REPLAYS_TO =
      Map.of(
          "fhir-adapter",
          List.of(Topics.ROUTING_DECISIONS, Topics.NOTIFICATION_RECEIPTS),
          "router",
          List.of(Topics.REFERRAL_EVENTS),
          "notifier",
          List.of(Topics.NOTIFICATION_REQUESTS, Topics.REFERRAL_EVENTS));

  @Test
  void eachServiceMayReplayItsDeadLettersToWhereTheyCameFromAndNowhereElse() throws IOException {
    List<JsonNode> users =
        ManifestRules.ofKind(documents(K8S.resolve("kafka-users.yaml")), "KafkaUser");
    for (var replays : REPLAYS_TO.entrySet()) {
      JsonNode user =
          users.stream()
              .filter(u -> u.at("/metadata/name").asText().equals(replays.getKey()))
              .findFirst()
              .orElseThrow();
      Set<String> writes = ManifestRules.literalTopicsGranted(user, "Write");
      Set<String> expected = new HashSet<>();
      replays.getValue().forEach(t -> expected.add(t.name()));
      // its own topics (as their one writer) and the topics its dead letters go back to
      Topics.all().stream()
          .filter(t -> t.writer().id().equals(replays.getKey()))
          .forEach(t -> expected.add(t.name()));
      assertThat(writes).as(replays.getKey()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(ManifestRules.literalTopicsGranted(user, "Read"))
          .as("%s reads what it replays to", replays.getKey())
          .containsAll(replays.getValue().stream().map(Topic::name).toList());
    }
  }

  @Test
  void theClusterAuthenticatesEveryListenerAndAuthorisesByAcl() throws IOException {
    JsonNode kafka = kafkaResource();
    assertThat(kafka.at("/spec/kafka/listeners")).isNotEmpty();
    for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
      assertThat(listener.at("/authentication/type").asText())
          .as(listener.path("name").asText())
          .isIn("scram-sha-512", "tls");
      assertThat(listener.path("tls").asBoolean()).as(listener.path("name").asText()).isTrue();
    }
    assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
  }

  @Test
  void workloadsLogInToKafkaWithTheirKafkaUsersSecretOverTls() throws IOException {
    List<JsonNode> k8s = documents(K8S.resolve("services.yaml"));
    int scramPort = kafkaResource().at("/spec/kafka/listeners/0/port").asInt();
    for (String service : KAFKA_SERVICES) {
      JsonNode config = named(k8s, "ConfigMap", service + "-config").path("data");
      assertThat(config.path("KAFKA_SECURITY_PROTOCOL").asText()).as(service).isEqualTo("SASL_SSL");
      assertThat(config.path("KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
      assertThat(config.path("KAFKA_BOOTSTRAP_SERVERS").asText()).endsWith(":" + scramPort);
      JsonNode jaas = env(container(k8s, service), "KAFKA_SASL_JAAS_CONFIG");
      assertThat(jaas.at("/valueFrom/secretKeyRef/name").asText()).as(service).isEqualTo(service);
      assertThat(jaas.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("sasl.jaas.config");
    }
  }

  @Test
  void noWorkloadOrComposeServiceCarriesASecretValue() throws IOException {
    assertThat(ManifestRules.literalSecretsInWorkloads(documents(K8S.resolve("services.yaml"))))
        .isEmpty();
    assertThat(ManifestRules.literalSecretsInCompose(compose())).isEmpty();
  }

  @Test
  void composeOpensNoPortBeyondThisHostAndRunsNoMailSinkByDefault() throws IOException {
    assertThat(ManifestRules.openPortsAndMailSinksInCompose(compose())).isEmpty();
  }

  @Test
  void composeSecretsAreFilesOutsideTheRepositoryReadByTheServices() throws IOException {
    JsonNode compose = compose();
    compose
        .path("secrets")
        .fields()
        .forEachRemaining(
            secret ->
                assertThat(secret.getValue().path("file").asText())
                    .as(secret.getKey())
                    .startsWith("${PATHWAY_SECRETS:?"));
    for (String service : WORKLOADS) {
      String config = applicationYml(service);
      for (JsonNode secret : compose.at("/services/" + service + "/secrets")) {
        String target = secret.path("target").asText();
        if (target.matches("[A-Z0-9_]+")) {
          assertThat(config)
              .as("%s receives %s, which its application.yml never reads", service, target)
              .contains("${" + target + ":");
        }
      }
    }
  }

  @Test
  void eachServiceUsesADatabaseRoleOfItsOwnThatOwnsOnlyItsDatabase() throws IOException {
    List<JsonNode> k8s = documents(K8S.resolve("services.yaml"));
    String init = Files.readString(Path.of("compose", "initdb", "01-databases.sh"));
    Set<String> users = new java.util.HashSet<>();
    for (String service : SERVICES) {
      JsonNode composed = compose().at("/services/" + service + "/environment");
      JsonNode deployed = named(k8s, "ConfigMap", service + "-config").path("data");
      for (JsonNode environment : List.of(composed, deployed)) {
        String url = environment.path("DATASOURCE_URL").asText();
        String database = url.substring(url.lastIndexOf('/') + 1);
        assertThat(environment.path("DATASOURCE_USERNAME").asText())
            .as("%s connects as the role owning its database", service)
            .isEqualTo(database);
        users.add(database);
      }
    }
    assertThat(users).hasSize(SERVICES.size());
    assertThat(compose().at("/services/postgres/environment/POSTGRES_USER").asText())
        .isNotIn(users);
    var created = Pattern.compile("for db in ([a-z ]+);").matcher(init);
    assertThat(created.find()).as("01-databases.sh creates a role per database").isTrue();
    assertThat(created.group(1).trim().split(" +")).containsExactlyInAnyOrderElementsOf(users);
    assertThat(init)
        .contains("OWNER :\"role\"")
        .contains("REVOKE ALL ON DATABASE :\"role\" FROM PUBLIC")
        .contains("NOSUPERUSER");
  }

  @Test
  void onlyTheFhirPortIsPublishedThroughTlsAtThePublicUrl() throws IOException {
    List<JsonNode> k8s = documents(K8S.resolve("services.yaml"));
    JsonNode ingress = named(k8s, "Ingress", "fhir-adapter");
    String publicUrl =
        named(k8s, "ConfigMap", "fhir-adapter-config").at("/data/PUBLIC_URL").asText();
    List<String> tlsHosts = new ArrayList<>();
    ingress.at("/spec/tls").forEach(t -> t.path("hosts").forEach(h -> tlsHosts.add(h.asText())));
    for (JsonNode rule : ingress.at("/spec/rules")) {
      assertThat(tlsHosts).contains(rule.path("host").asText());
      assertThat(publicUrl).isEqualTo("https://" + rule.path("host").asText());
      for (JsonNode path : rule.at("/http/paths")) {
        assertThat(path.at("/backend/service/name").asText()).isEqualTo("fhir-adapter");
        assertThat(path.at("/backend/service/port/name").asText()).isEqualTo("fhir");
      }
    }
    assertThat(compose().at("/services/fhir-adapter/environment/PUBLIC_URL").asText())
        .startsWith("${PUBLIC_URL:?");
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode variable : container.path("env")) {
      if (variable.path("name").asText().equals(name)) {
        return variable;
      }
    }
    throw new AssertionError("no " + name + " in " + container.path("name").asText());
  }

  /**
   * The default of {@code pathway.kafka.group-id} in the service's application.yml, or of {@code
   * pathway.streams.application-id} (a Kafka Streams application's group).
   */
  private static String groupId(String service) throws IOException {
    var matcher =
        Pattern.compile("(?:group-id|application-id): \\$\\{[A-Z_]+:([^}]+)}")
            .matcher(applicationYml(service));
    assertThat(matcher.find()).as(service + " group-id").isTrue();
    return matcher.group(1);
  }

  static String applicationYml(String service) throws IOException {
    return Files.readString(Path.of("..", service, "src/main/resources/application.yml"));
  }

  /** The {@code micronaut.server} block, where the management (health) port is set. */
  private static String managementSection(String service) throws IOException {
    String yml = applicationYml(service);
    int server = yml.indexOf("  server:");
    return server < 0 ? "" : yml.substring(server, Math.min(yml.length(), server + 300));
  }

  static JsonNode named(List<JsonNode> documents, String kind, String name) {
    return documents.stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .filter(d -> d.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  static JsonNode container(List<JsonNode> documents, String service) {
    JsonNode workload =
        documents.stream()
            .filter(d -> List.of("Deployment", "StatefulSet").contains(d.path("kind").asText()))
            .filter(d -> d.at("/metadata/name").asText().equals(service))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no workload for " + service));
    return workload.at("/spec/template/spec/containers/0");
  }

  static JsonNode compose() throws IOException {
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
