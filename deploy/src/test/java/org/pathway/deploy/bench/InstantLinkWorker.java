package org.pathway.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.pathway.events.vocabulary.IdentifierSystems;

/**
 * A link worker with no think time, over Pathway's FHIR API only: as soon as a referral reaches its
 * service it accepts the Task and refers the person on to a community group, exactly as the demo's
 * link worker does by hand, with the bearer token of the service's demo client.
 */
final class InstantLinkWorker {

  /** When the two actions were sent, so the hops they start can be timed from them. */
  record Actions(long acceptSentNanos, long onwardSentNanos) {}

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final String fhirBase;
  private final String group;
  private final Supplier<String> authorization;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  InstantLinkWorker(String fhirBase, String group, Supplier<String> authorization) {
    this.fhirBase = fhirBase;
    this.group = group;
    this.authorization = authorization;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Accepts Task {@code taskId} and refers on to the group. The notification comes only once the
   * ledger has made this service the Task's owner, so the first read finds it theirs; a 404 is a
   * fault, not something to wait out.
   */
  Actions act(String taskId, String correlationId) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      HttpResponse<String> read = send(get("/Task/" + taskId, correlationId));
      if (read.statusCode() != 200) {
        throw new IOException("read Task/" + taskId + ": " + read.statusCode());
      }
      ObjectNode task = (ObjectNode) json.readTree(read.body());
      String version = task.path("meta").path("versionId").asText();
      task.put("status", "accepted");
      long acceptSent = System.nanoTime();
      HttpResponse<String> accepted =
          send(
              request("/Task/" + taskId, correlationId)
                  .header("If-Match", "W/\"" + version + "\"")
                  .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(task)))
                  .build());
      if (accepted.statusCode() == 409 || accepted.statusCode() == 412) {
        // The ledger applied something in between: read again, as a person's client would.
        pause(deadline, "Task/" + taskId + " kept changing under the accept");
        continue;
      }
      if (accepted.statusCode() != 200) {
        throw new IOException("accept Task/" + taskId + ": " + accepted.statusCode());
      }
      long onwardSent = System.nanoTime();
      HttpResponse<String> onward =
          send(
              request("/ServiceRequest", correlationId)
                  .POST(HttpRequest.BodyPublishers.ofString(onward(task)))
                  .build());
      if (onward.statusCode() != 201) {
        throw new IOException("onward referral for Task/" + taskId + ": " + onward.statusCode());
      }
      return new Actions(acceptSent, onwardSent);
    }
  }

  private String onward(JsonNode task) throws IOException {
    ObjectNode sr = json.createObjectNode();
    sr.put("resourceType", "ServiceRequest");
    sr.putArray("identifier")
        .addObject()
        .put("system", "https://pathway.example.org/Id/bench-onward")
        .put("value", UUID.randomUUID().toString());
    sr.put("status", "active");
    sr.put("intent", "filler-order");
    ObjectNode code = sr.putObject("code");
    code.put("text", "Thursday morning walk");
    code.putArray("coding")
        .addObject()
        .put("system", "http://snomed.info/sct")
        .put("code", "871731000000106")
        .put("display", "Referral to social prescribing service");
    sr.putArray("basedOn").addObject().set("reference", task.path("focus").path("reference"));
    sr.set("subject", task.path("for"));
    // The requester is the calling organisation, the Task's owner (the ledger refuses any other).
    ObjectNode requester = sr.putObject("requester");
    String owner = task.path("owner").path("reference").asText();
    requester.put("reference", owner);
    requester
        .putObject("identifier")
        .put("system", IdentifierSystems.ORGANIZATION)
        .put("value", owner.substring(owner.indexOf('/') + 1));
    sr.putArray("performer").addObject().put("reference", "HealthcareService/" + group);
    return json.writeValueAsString(sr);
  }

  private HttpRequest get(String path, String correlationId) {
    return request(path, correlationId).GET().build();
  }

  private HttpRequest.Builder request(String path, String correlationId) {
    return HttpRequest.newBuilder(URI.create(fhirBase + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .header("Authorization", authorization.get())
        .header("X-Correlation-ID", correlationId)
        .header("X-Request-ID", UUID.randomUUID().toString());
  }

  /**
   * Sends {@code request}; a 503 is tried again after its {@code Retry-After}, as a client of a
   * busy ledger should (nothing was recorded), until the patience runs out.
   */
  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 503 || System.nanoTime() > deadline) {
        return response;
      }
      long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
      Thread.sleep(Duration.ofSeconds(seconds).toMillis());
    }
  }

  private static void pause(long deadline, String failure)
      throws IOException, InterruptedException {
    if (System.nanoTime() > deadline) {
      throw new IOException(failure + " within " + PATIENCE.toSeconds() + " s");
    }
    Thread.sleep(5);
  }
}
