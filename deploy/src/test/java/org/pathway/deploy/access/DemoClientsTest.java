package org.pathway.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.clients.Role;
import org.pathway.deploy.PathwayDev;

/**
 * The demo clients dev mode registers: the file parses with the access module's own registry, every
 * dev-only private key in the repository belongs to a registered client, every role has a client,
 * and each client's organisation is one the demo directory or the demo referral knows.
 */
class DemoClientsTest {

  private static final Path REPO = PathwayDev.repositoryRoot();

  private final ClientRegistry registry = ClientRegistry.load(List.of(DemoClients.file(REPO)));

  @Test
  void theDemoClientsFileParsesWithTheAccessModulesRegistry() {
    assertThat(registry.all()).isNotEmpty();
    assertThat(registry.all())
        .allSatisfy(c -> assertThat(c.scopes().isEmpty()).as(c.clientId()).isFalse());
  }

  @Test
  void everyRoleHasADemoClient() {
    assertThat(registry.all().stream().map(RegisteredClient::role).distinct())
        .containsExactlyInAnyOrder(Role.values());
  }

  @Test
  void everyPrivateKeyMatchesTheRegisteredPublicKeyOfItsClient() throws Exception {
    List<Path> keyFiles;
    try (Stream<Path> files = Files.list(DemoClients.keyDirectory(REPO))) {
      keyFiles = files.filter(f -> f.toString().endsWith(".jwk.json")).sorted().toList();
    }
    assertThat(keyFiles).hasSameSizeAs(registry.all());
    for (Path file : keyFiles) {
      String clientId = file.getFileName().toString().replace(".jwk.json", "");
      JWK key = DemoClients.privateKey(REPO, clientId);
      RegisteredClient client = registry.find(clientId).orElseThrow();
      assertThat(key.getKeyID()).as(file.toString()).isEqualTo("dev-only-" + clientId);
      assertThat(key.getAlgorithm().getName()).as(file.toString()).isIn("ES384", "RS384");
      JWK registered = client.jwks().getKeyByKeyId(key.getKeyID());
      assertThat(registered).as("%s's key %s is registered", clientId, key.getKeyID()).isNotNull();
      assertThat(registered.isPrivate()).as("the registry holds public keys only").isFalse();
      assertThat(registered.computeThumbprint())
          .as("%s's private key is the pair of its registered public key", clientId)
          .isEqualTo(key.toPublicJWK().computeThumbprint());
    }
  }

  @Test
  void bothAlgorithmsTheTokenEndpointAcceptsAreUsed() {
    assertThat(
            registry.all().stream()
                .flatMap(c -> c.jwks().getKeys().stream())
                .map(k -> k.getAlgorithm().getName())
                .distinct())
        .containsExactlyInAnyOrder("ES384", "RS384");
  }

  @Test
  void organisationsAreThoseOfTheDemoDirectoryAndTheDemoReferral() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> directoryKinds = new HashMap<>();
    for (JsonNode entry :
        json.readTree(REPO.resolve("deploy/demo/directory.json").toFile()).path("contents")) {
      for (JsonNode attribute : entry.path("attributes")) {
        JsonNode term = attribute.path("taxonomy_term");
        if (term.path("vocabulary").asText().equals("pathway-service-kind")) {
          directoryKinds.put(entry.path("id").asText(), term.path("code").asText());
        }
      }
    }
    String referralRequester =
        json
            .readTree(REPO.resolve("deploy/demo/referral.json").toFile())
            .path("entry")
            .findValues("identifier")
            .stream()
            .flatMap(ids -> Arrays.stream(json.convertValue(ids, JsonNode[].class)))
            .filter(
                id ->
                    id.path("system")
                        .asText()
                        .equals("https://fhir.nhs.uk/Id/ods-organization-code"))
            .map(id -> id.path("value").asText())
            .findFirst()
            .orElseThrow();

    for (RegisteredClient client : registry.all()) {
      switch (client.role()) {
        case REFERRER -> {
          // The demo referral is the practice's; the other referrers (council, police) are not
          // in the directory, which lists only who receives referrals and GP practices.
          if ("gp-practice".equals(client.kind())) {
            assertThat(client.organization()).as(client.clientId()).isEqualTo(referralRequester);
          } else {
            assertThat(directoryKinds).doesNotContainKey(client.organization());
          }
        }
        case LINK_WORKER_SERVICE, COMMUNITY_GROUP, HUB -> {
          assertThat(directoryKinds)
              .as("%s's organisation is a directory entry of its kind", client.clientId())
              .containsEntry(client.organization(), client.role().code());
          assertThat(client.clientId()).isEqualTo(client.organization());
        }
        default -> assertThat(client.organization()).as(client.clientId()).isNotBlank();
      }
    }
    RegisteredClient hub = registry.find(DemoClients.HUB).orElseThrow();
    assertThat(directoryKinds.keySet()).containsAll(hub.area());
  }
}
