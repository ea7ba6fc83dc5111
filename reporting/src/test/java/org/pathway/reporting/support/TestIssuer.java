package org.pathway.reporting.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.tokens.AccessTokens;

/**
 * Pathway's token issuer as reporting meets it: an {@link AccessTokens} whose public keys are
 * served at {@code /oauth/jwks}, and the clients file {@code access/clients.yaml}.
 */
public final class TestIssuer implements AutoCloseable {

  private final AccessTokens tokens;
  private final ClientRegistry clients;
  private final Path clientsFile;
  private final HttpServer jwks;

  public TestIssuer() throws Exception {
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    String issuer = "http://127.0.0.1:" + jwks.getAddress().getPort();
    tokens =
        new AccessTokens(
            issuer,
            new JWKSet(
                new RSAKeyGenerator(2048)
                    .keyID("reporting-test")
                    .algorithm(JWSAlgorithm.RS384)
                    .generate()),
            Duration.ofMinutes(5));
    byte[] keys = tokens.publicKeys().toString().getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/oauth/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, keys.length);
          exchange.getResponseBody().write(keys);
          exchange.close();
        });
    jwks.start();
    clientsFile =
        Path.of(TestIssuer.class.getClassLoader().getResource("access/clients.yaml").toURI());
    clients = ClientRegistry.load(List.of(clientsFile));
  }

  /** Settings that make reporting trust this issuer and these clients. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>();
    p.put("pathway.management.issuers[0].issuer", tokens.issuer());
    p.put("pathway.management.issuers[0].jwks-uri", tokens.issuer() + "/oauth/jwks");
    p.put("pathway.management.clients", clientsFile.toString());
    return p;
  }

  /** A token for {@code clientId}, with all its registered scopes. */
  public String token(String clientId) {
    RegisteredClient client = clients.find(clientId).orElseThrow();
    return tokens.issue(client, client.scopes()).accessToken();
  }

  @Override
  public void close() {
    jwks.stop(0);
  }
}
