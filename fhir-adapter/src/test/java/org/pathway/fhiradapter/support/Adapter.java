package org.pathway.fhiradapter.support;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.tokens.AccessTokens;
import org.pathway.fhiradapter.access.PublicUrl;
import org.pathway.fhiradapter.fhir.FhirWarmUp;
import org.pathway.fhiradapter.http.FhirServer;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.time.MovableClock;

/** The fhir-adapter running in this JVM on random ports against a given database and Kafka. */
public final class Adapter implements AutoCloseable {

  /** The test clients (practices, link-worker services, groups, a hub, reporting, an operator). */
  public static final Path CLIENTS = resource("access/clients.yaml");

  /** A fixed signing key, for adapters whose tokens must be minted from outside (KillNineIT). */
  public static final Path SIGNING_KEY = resource("access/keys/pathway-signing-key.json");

  /**
   * TEST-ONLY link keys ({@code pathway.links.keys}): the portal client of {@link #CLIENTS} needs
   * them, and tests sign links with them.
   */
  public static final String LINK_KEYS = "test-1:plWNt9_QD45gfWvWimvW8_F3P1tx2Z6M4zUHNAz5zRI";

  /**
   * One warmed FHIR context for every adapter this JVM starts, as {@code Application} hands its one
   * context to the service: scanning HAPI's model again for each test class cost seconds each.
   */
  private static final FhirWarmUp FHIR_CONTEXT = FhirWarmUp.begin();

  private final EmbeddedServer server;

  private Adapter(EmbeddedServer server) {
    this.server = server;
  }

  /**
   * Starts the application; {@code extra} overrides any property, {@code singletons} replace beans
   * (e.g. a {@link MovableClock}).
   */
  public static Adapter start(
      TestDatabase db, String bootstrapServers, Map<String, Object> extra, Object... singletons) {
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("pathway.fhir.port", 0);
    props.put("pathway.fhir.host", "127.0.0.1");
    props.putAll(db.datasourceProperties());
    props.put("pathway.kafka.bootstrap-servers", bootstrapServers);
    props.put("pathway.outbox.idle-poll", "100ms");
    props.put("pathway.metrics.lag-interval", "1s");
    props.put("pathway.access.clients", CLIENTS.toString());
    props.put("pathway.links.keys", LINK_KEYS);
    // Tests are not about throttling unless they say so (RateLimitIT sets its own).
    props.put("pathway.access.rate-limit", 100_000);
    props.putAll(extra);
    Object[] beans = Arrays.copyOf(singletons, singletons.length + 1);
    beans[singletons.length] = FHIR_CONTEXT;
    ApplicationContext context =
        ApplicationContext.builder().properties(props).singletons(beans).start();
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    server.start();
    return new Adapter(server);
  }

  public static Adapter start(TestDatabase db, String bootstrapServers) {
    return start(db, bootstrapServers, Map.of());
  }

  /** The FHIR base URL, e.g. {@code http://127.0.0.1:34567/fhir}. */
  public String fhirBase() {
    return "http://127.0.0.1:"
        + server.getApplicationContext().getBean(FhirServer.class).port()
        + "/fhir";
  }

  /** Where to POST token requests (on the loopback address the tests reach). */
  public String tokenUrl() {
    return "http://127.0.0.1:"
        + server.getApplicationContext().getBean(FhirServer.class).port()
        + "/oauth/token";
  }

  /** The token endpoint as the adapter names it: the one {@code aud} an assertion may carry. */
  public String tokenAudience() {
    return context().getBean(PublicUrl.class).tokenEndpoint();
  }

  /** Micronaut's own base URL (health, metrics, echo). */
  public String managementBase() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The ledger's reads (counts, searches) for assertions. */
  public LedgerReads ledger() {
    return server.getApplicationContext().getBean(LedgerReads.class);
  }

  /**
   * A bearer access token for {@code clientId} of {@link #CLIENTS}, with every scope it is
   * registered for, issued by this adapter's own {@link AccessTokens}.
   */
  public String token(String clientId) {
    RegisteredClient client =
        context()
            .getBean(ClientRegistry.class)
            .find(clientId)
            .orElseThrow(() -> new IllegalArgumentException("no test client " + clientId));
    return context().getBean(AccessTokens.class).issue(client, client.scopes()).accessToken();
  }

  /** The {@code Authorization} header value for {@code clientId}. */
  public String bearer(String clientId) {
    return "Bearer " + token(clientId);
  }

  /**
   * A HAPI client of this adapter calling as {@code clientId}, with a fresh token on every request
   * (a long test outlives one 5-minute token).
   */
  public IGenericClient client(String clientId) {
    IGenericClient client = Fixtures.FHIR.newRestfulGenericClient(fhirBase());
    client.registerInterceptor(
        new IClientInterceptor() {
          @Override
          public void interceptRequest(IHttpRequest request) {
            request.addHeader("Authorization", bearer(clientId));
          }

          @Override
          public void interceptResponse(IHttpResponse response) {}
        });
    return client;
  }

  /** The private key set of test client {@code clientId}, to sign its client assertions. */
  public static JWKSet clientKeys(String clientId) {
    try {
      return JWKSet.load(resource("access/keys/" + clientId + ".json").toFile());
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("no test key for " + clientId, e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(Adapter.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
  }
}
