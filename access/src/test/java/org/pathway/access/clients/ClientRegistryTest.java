package org.pathway.access.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.access.scopes.ScopeSet;

class ClientRegistryTest {

  @TempDir Path dir;

  static RSAKey rsa;
  static ECKey ec;

  @BeforeAll
  static void keys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("practice-key-1").generate();
    ec = new ECKeyGenerator(Curve.P_384).keyID("hub-key-1").generate();
  }

  private Path file(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  private static String publicJwk(com.nimbusds.jose.jwk.JWK key) {
    return key.toPublicJWK().toJSONString();
  }

  @Test
  void readsEveryKeyOfAnEntry() throws Exception {
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - client-id: practice-a81001
                organization: A81001
                role: referrer
                scopes: [system/ServiceRequest.cr, system/Task.rsu, system/Observation.cr]
                jwks: { keys: [ %s ] }
                rate-limit: 20
              - client-id: hub-north
                organization: HUB-N
                role: hub
                kind: regional-hub
                scopes: system/Task.rsu system/ServiceRequest.r
                jwks-uri: https://hub.example.org/jwks.json
                area: [A81001, A81002]
            """
                .formatted(publicJwk(rsa)));

    ClientRegistry registry = ClientRegistry.load(List.of(file));

    RegisteredClient practice = registry.find("practice-a81001").orElseThrow();
    assertThat(practice.organization()).isEqualTo("A81001");
    assertThat(practice.role()).isEqualTo(Role.REFERRER);
    assertThat(practice.kind()).isEqualTo("gp-practice");
    assertThat(practice.scopes())
        .isEqualTo(
            ScopeSet.parse("system/ServiceRequest.cr system/Task.rsu system/Observation.cr"));
    assertThat(practice.jwks().getKeyByKeyId("practice-key-1")).isNotNull();
    assertThat(practice.jwksUri()).isNull();
    assertThat(practice.area()).isEmpty();
    assertThat(practice.rateLimit()).isEqualTo(20);

    RegisteredClient hub = registry.find("hub-north").orElseThrow();
    assertThat(hub.role()).isEqualTo(Role.HUB);
    assertThat(hub.kind()).isEqualTo("regional-hub");
    assertThat(hub.jwks()).isNull();
    assertThat(hub.jwksUri()).isEqualTo(URI.create("https://hub.example.org/jwks.json"));
    assertThat(hub.area()).containsExactly("A81001", "A81002");
    assertThat(hub.rateLimit()).isNull();
    assertThat(registry.all())
        .extracting(RegisteredClient::clientId)
        .containsExactly("practice-a81001", "hub-north");
    assertThat(registry.find("nobody")).isEmpty();
  }

  @Test
  void readsSeveralFilesAndAClientWithNoKeysForExternalIssuers() throws Exception {
    Path first =
        file(
            "a.yaml",
            """
            clients:
              - {client-id: group-1, organization: G1, role: community-group, scopes: [system/Task.rsu], jwks: {keys: [%s]}}
            """
                .formatted(publicJwk(ec)));
    Path second =
        file(
            "b.yaml",
            """
            clients:
              - {client-id: council-1, organization: C1, role: referrer, kind: council, scopes: [system/ServiceRequest.cr]}
            """);

    ClientRegistry registry = ClientRegistry.load(List.of(first, second));

    assertThat(registry.find("group-1").orElseThrow().kind()).isNull();
    RegisteredClient council = registry.find("council-1").orElseThrow();
    assertThat(council.kind()).isEqualTo("council");
    assertThat(council.jwks()).isNull();
    assertThat(council.jwksUri()).isNull();
  }

  @Test
  void refusesAClientIdRegisteredTwiceNamingBothPlaces() throws Exception {
    String entry =
        """
        clients:
          - {client-id: practice-1, organization: P1, role: referrer, scopes: [system/Task.r]}
        """;
    Path first = file("a.yaml", entry);
    Path second = file("b.yaml", entry);

    assertThatThrownBy(() -> ClientRegistry.load(List.of(first, second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b.yaml, entry 1")
        .hasMessageContaining("practice-1")
        .hasMessageContaining("a.yaml, entry 1");
  }

  @Test
  void refusesAnUnknownRoleNamingFileAndEntry() throws Exception {
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - {client-id: ok-1, organization: P1, role: referrer, scopes: [system/Task.r]}
              - {client-id: doctor-who, organization: P2, role: timelord, scopes: [system/Task.r]}
            """);

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file)))
        .hasMessageContaining("clients.yaml, entry 2")
        .hasMessageContaining("doctor-who")
        .hasMessageContaining("timelord");
  }

  @Test
  void refusesAReferrerOfAnUnknownKindNamingIt() throws Exception {
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - {client-id: police-1, organization: P1, role: referrer, kind: police, scopes: [system/ServiceRequest.cr]}
              - {client-id: typo-1, organization: P2, role: referrer, kind: polise, scopes: [system/ServiceRequest.cr]}
            """);

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file)))
        .hasMessageContaining("clients.yaml, entry 2")
        .hasMessageContaining("polise")
        .hasMessageContaining("fire-and-rescue");
  }

  @Test
  void refusesAnEntryWithoutOrganisation() throws Exception {
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - {client-id: practice-1, role: referrer, scopes: [system/Task.r]}
            """);

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file)))
        .hasMessageContaining("entry 1")
        .hasMessageContaining("'organization' is missing");
  }

  @Test
  void refusesPrivateKeyMaterial() throws Exception {
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - client-id: practice-1
                organization: P1
                role: referrer
                scopes: [system/Task.r]
                jwks: { keys: [ %s ] }
            """
                .formatted(rsa.toJSONString()));

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file)))
        .hasMessageContaining("practice-1")
        .hasMessageContaining("private key material")
        .hasMessageNotContaining(rsa.getPrivateExponent().toString());
  }

  @Test
  void refusesBothJwksAndJwksUri() throws Exception {
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - client-id: practice-1
                organization: P1
                role: referrer
                scopes: [system/Task.r]
                jwks: { keys: [ %s ] }
                jwks-uri: https://example.org/jwks
            """
                .formatted(publicJwk(rsa)));

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file)))
        .hasMessageContaining("either jwks or jwks-uri");
  }

  @Test
  void refusesAKeyWithoutKid() throws Exception {
    RSAKey noKid = new RSAKeyGenerator(2048).generate();
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - {client-id: p1, organization: P1, role: referrer, scopes: [system/Task.r], jwks: {keys: [%s]}}
            """
                .formatted(publicJwk(noKid)));

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file))).hasMessageContaining("'kid'");
  }

  @Test
  void refusesAMalformedScopeNamingIt() throws Exception {
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - {client-id: p1, organization: P1, role: referrer, scopes: [system/Task.rz]}
            """);

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file)))
        .hasMessageContaining("p1")
        .hasMessageContaining("system/Task.rz");
  }

  @Test
  void refusesAFileWithoutAClientsList() throws Exception {
    Path file = file("clients.yaml", "client: []\n");

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file)))
        .hasMessageContaining("clients.yaml")
        .hasMessageContaining("'clients'");
  }

  @Test
  void refusesAMissingFileNamingIt() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> ClientRegistry.load(List.of(missing)))
        .hasMessageContaining("nope.yaml");
  }

  @Test
  void refusesANonPositiveRateLimit() throws Exception {
    Path file =
        file(
            "clients.yaml",
            """
            clients:
              - {client-id: p1, organization: P1, role: referrer, scopes: [system/Task.r], rate-limit: 0}
            """);

    assertThatThrownBy(() -> ClientRegistry.load(List.of(file))).hasMessageContaining("rate-limit");
  }

  @Test
  void combinesTwoRegistriesButNotTheSameClientTwice() {
    RegisteredClient one =
        new RegisteredClient(
            "one",
            "O1",
            Role.OPERATOR,
            null,
            ScopeSet.parse("system/*.rs"),
            null,
            null,
            null,
            null);
    RegisteredClient two =
        new RegisteredClient(
            "two",
            "O2",
            Role.OPERATOR,
            null,
            ScopeSet.parse("system/*.rs"),
            null,
            null,
            null,
            null);

    ClientRegistry both = ClientRegistry.of(List.of(one)).with(ClientRegistry.of(List.of(two)));

    assertThat(both.all()).containsExactly(one, two);
    assertThatThrownBy(() -> both.with(ClientRegistry.of(List.of(one))))
        .hasMessageContaining("'one'");
  }
}
