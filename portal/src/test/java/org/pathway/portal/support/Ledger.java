package org.pathway.portal.support;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.client.TokenClient;

/**
 * The ledger as a registered client sees it over FHIR: the GP practice, the link-worker service,
 * the group. Tokens come from the adapter's own token endpoint (private_key_jwt), as any client's.
 */
public final class Ledger {

  static final FhirContext FHIR = FhirContext.forR4();

  /** The scopes each test client asks for (all it is registered for that the tests use). */
  private static final Map<String, String> SCOPES =
      Map.of(
          "practice-a81001", "system/ServiceRequest.crs system/Task.rsu",
          "lw-city", "system/ServiceRequest.crs system/Task.rsu system/Observation.crs",
          "group-a", "system/Task.rsu",
          "group-b", "system/Task.rsu system/HealthcareService.rsu",
          "hub-city", "system/ServiceRequest.crs system/Task.rsu",
          "operator", "system/AuditEvent.rs");

  private final String base;
  private final TokenClient tokens;
  private final HttpClient http = HttpClient.newHttpClient();

  Ledger(String fhirBase, String tokenUrl) {
    this.base = fhirBase;
    this.tokens = new TokenClient(tokenUrl);
  }

  /** The private key of a test client (TEST-ONLY keys under {@code access/keys}). */
  public static JWK key(String clientId) {
    try {
      return JWKSet.load(Stack.resource("access/keys/" + clientId + ".json").toFile())
          .getKeys()
          .get(0);
    } catch (Exception e) {
      throw new IllegalStateException("no test key for " + clientId, e);
    }
  }

  private String bearer(String clientId) throws Exception {
    return tokens.token(clientId, key(clientId), SCOPES.get(clientId)).accessToken();
  }

  /** {@code GET type/id} as {@code clientId}. */
  public <T extends Resource> T read(String clientId, Class<T> type, String id) throws Exception {
    return type.cast(parse(send(clientId, get(type.getSimpleName() + "/" + id), 200)));
  }

  /** Every version of a Task, oldest first, as {@code clientId} sees them. */
  public List<Task> history(String clientId, String taskId) throws Exception {
    Bundle b = (Bundle) parse(send(clientId, get("Task/" + taskId + "/_history"), 200));
    return b.getEntry().stream()
        .map(e -> (Task) e.getResource())
        .sorted(
            (x, y) ->
                Integer.compare(
                    Integer.parseInt(x.getMeta().getVersionId()),
                    Integer.parseInt(y.getMeta().getVersionId())))
        .toList();
  }

  /** A search's resources. */
  public <T extends Resource> List<T> search(String clientId, Class<T> type, String query)
      throws Exception {
    Bundle b = (Bundle) parse(send(clientId, get(type.getSimpleName() + "?" + query), 200));
    return b.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /**
   * The link-refusal codes the adapter audited on the portal's refused calls ({@code expired},
   * {@code malformed}...), one per audit that names one.
   */
  public List<String> portalLinkRefusals() throws Exception {
    return search("operator", AuditEvent.class, "agent=portal&outcome=4&_count=500").stream()
        .flatMap(e -> e.getEntityFirstRep().getDetail().stream())
        .filter(d -> "link-refusal".equals(d.getType()))
        .map(d -> d.getValue().primitiveValue())
        .toList();
  }

  /** {@code POST type} as {@code clientId}; the created resource. */
  public Resource create(String clientId, Resource resource) throws Exception {
    HttpRequest.Builder b =
        request(resource.getClass().getSimpleName())
            .header("Content-Type", "application/fhir+json")
            .POST(HttpRequest.BodyPublishers.ofString(json(resource)));
    return parse(send(clientId, b, 201));
  }

  /** {@code PUT Task/id} with If-Match of the Task's version, as {@code clientId}. */
  public Task update(String clientId, Task task) throws Exception {
    HttpRequest.Builder b =
        request("Task/" + task.getIdElement().getIdPart())
            .header("Content-Type", "application/fhir+json")
            .header("If-Match", "W/\"" + task.getMeta().getVersionId() + "\"")
            .PUT(HttpRequest.BodyPublishers.ofString(json(task)));
    return (Task) parse(send(clientId, b, 200));
  }

  private static String json(Resource r) {
    return FHIR.newJsonParser().encodeResourceToString(r);
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + "/" + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/fhir+json");
  }

  private HttpResponse<String> send(String clientId, HttpRequest.Builder b, int expected)
      throws Exception {
    HttpResponse<String> answer =
        http.send(
            b.header("Authorization", "Bearer " + bearer(clientId)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != expected) {
      throw new IllegalStateException(
          clientId + " got " + answer.statusCode() + ": " + answer.body());
    }
    return answer;
  }

  private static Resource parse(HttpResponse<String> answer) {
    return (Resource) FHIR.newJsonParser().parseResource(answer.body());
  }

  /** The module's test resources, for files a JVM of its own reads. */
  static Path resources() {
    return Stack.resource("access").getParent();
  }
}
