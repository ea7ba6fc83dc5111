package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the portal's and the signed links' place in the production manifests: the link keys one
 * Secret that the router (which signs) and the adapter (which verifies) share and the portal never
 * holds; the portal on a TLS host of its own, which is where the router's links point; its probes
 * on its management port; no database and no Kafka.
 */
class PortalManifestsTest {

  private static final Path SERVICES = Path.of("k8s", "services.yaml");

  @Test
  void theLinkKeysAreOneSecretTheAdapterAndRouterShareAndThePortalNeverHolds() throws IOException {
    List<JsonNode> k8s = ManifestsTest.documents(SERVICES);
    List<String> secretRefs = new ArrayList<>();
    for (String service : List.of("fhir-adapter", "router")) {
      JsonNode keys = variable(ManifestsTest.container(k8s, service), "PATHWAY_LINK_KEYS");
      assertThat(keys.has("value")).as(service + " PATHWAY_LINK_KEYS is no literal").isFalse();
      secretRefs.add(
          keys.at("/valueFrom/secretKeyRef/name").asText()
              + "/"
              + keys.at("/valueFrom/secretKeyRef/key").asText());
    }
    assertThat(secretRefs).containsExactly("pathway-link-keys/keys", "pathway-link-keys/keys");

    JsonNode compose = ManifestsTest.compose();
    for (String service : List.of("fhir-adapter", "router")) {
      assertThat(compose.at("/services/" + service + "/secrets").toString())
          .as(service)
          .contains("{\"source\":\"link-keys\",\"target\":\"PATHWAY_LINK_KEYS\"}");
    }
    assertThat(ManifestsTest.container(k8s, "portal").toString())
        .doesNotContain("link-keys")
        .doesNotContain("PATHWAY_LINK_KEYS");
    assertThat(compose.at("/services/portal").toString()).doesNotContain("link-keys");
  }

  @Test
  void thePortalIsPublishedOnItsOwnTlsHostWhereTheRoutersLinksPoint() throws IOException {
    List<JsonNode> k8s = ManifestsTest.documents(SERVICES);
    JsonNode ingress = ManifestsTest.named(k8s, "Ingress", "portal");
    String portalUrl =
        ManifestsTest.named(k8s, "ConfigMap", "router-config").at("/data/PORTAL_URL").asText();
    List<String> tlsHosts = new ArrayList<>();
    ingress.at("/spec/tls").forEach(t -> t.path("hosts").forEach(h -> tlsHosts.add(h.asText())));
    assertThat(ingress.at("/spec/rules")).hasSize(1);
    JsonNode rule = ingress.at("/spec/rules/0");
    assertThat(tlsHosts).containsExactly(rule.path("host").asText());
    assertThat(portalUrl).isEqualTo("https://" + rule.path("host").asText());
    for (JsonNode path : rule.at("/http/paths")) {
      assertThat(path.at("/backend/service/name").asText()).isEqualTo("portal");
      assertThat(path.at("/backend/service/port/name").asText()).isEqualTo("http");
    }
    int pagesPort = port(ManifestsTest.container(k8s, "portal"), "http");
    assertThat(
            ManifestsTest.named(k8s, "ConfigMap", "portal-config")
                .at("/data/MICRONAUT_SERVER_PORT")
                .asText())
        .isEqualTo(Integer.toString(pagesPort));

    JsonNode compose = ManifestsTest.compose();
    assertThat(compose.at("/services/router/environment/PORTAL_URL").asText())
        .startsWith("${PORTAL_URL:?");
    assertThat(compose.at("/services/portal/ports").toString()).contains("127.0.0.1:8088:8088");
  }

  @Test
  void thePortalsProbesHitItsManagementPortAndItHasNoDatabaseNorKafka() throws IOException {
    List<JsonNode> k8s = ManifestsTest.documents(SERVICES);
    JsonNode container = ManifestsTest.container(k8s, "portal");
    String config = ManifestsTest.applicationYml("portal");
    int management = port(container, "management");

    assertThat(container.at("/readinessProbe/httpGet/path").asText())
        .isEqualTo("/health/readiness");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("management");
    assertThat(config).contains("port: ${MANAGEMENT_PORT:" + management + "}");
    assertThat(
            ManifestsTest.named(k8s, "ConfigMap", "portal-config")
                .at("/data/MANAGEMENT_PORT")
                .asText())
        .isEqualTo(Integer.toString(management));
    String everything =
        ManifestsTest.named(k8s, "ConfigMap", "portal-config").toString()
            + container
            + ManifestsTest.compose().at("/services/portal");
    assertThat(everything).doesNotContain("DATASOURCE").doesNotContain("KAFKA");
    assertThat(variable(container, "PORTAL_SIGNING_KEY").path("value").asText())
        .startsWith("/etc/pathway/portal-key/");
  }

  private static JsonNode variable(JsonNode container, String name) {
    for (JsonNode variable : container.path("env")) {
      if (variable.path("name").asText().equals(name)) {
        return variable;
      }
    }
    throw new AssertionError("no " + name + " in " + container.path("name").asText());
  }

  private static int port(JsonNode container, String name) {
    for (JsonNode port : container.path("ports")) {
      if (port.path("name").asText().equals(name)) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no port " + name + " in " + container.path("name").asText());
  }
}
