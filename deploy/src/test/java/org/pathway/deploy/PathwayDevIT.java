package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;

/**
 * Dev mode as a newcomer gets it: everything starts with access control on, a call without a token
 * is refused, the demo practice's token puts a referral in, and the GP hears when the link-worker
 * service's client accepts.
 */
class PathwayDevIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void aSampleReferralIsRoutedAndTheGpHearsWhenTheLinkWorkerAccepts() throws Exception {
    var settings = DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get);
    Path repo = PathwayDev.repositoryRoot();
    String sample = Files.readString(repo.resolve("deploy/demo/referral.json"));
    try (PathwayDev dev =
        PathwayDev.start(
            settings.withFreePorts(), DevDatabases.fresh(dataDir.resolve("postgres")), Map.of())) {
      // every catalogue topic exists
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, dev.kafka().bootstrapServers()))) {
        var described =
            admin
                .describeTopics(Topics.all().stream().map(Topic::name).toList())
                .allTopicNames()
                .get();
        assertThat(described.keySet())
            .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
      }
      String fhirBase = dev.endpoints().fhirBase();
      var access = dev.endpoints().access();

      // SMART discovery is public and names dev mode's token endpoint
      HttpResponse<String> discovery = get(access.discoveryUrl());
      assertThat(discovery.statusCode()).isEqualTo(200);
      JsonNode smart = new ObjectMapper().readTree(discovery.body());
      assertThat(smart.path("token_endpoint").asText()).isEqualTo(access.tokenUrl());

      // the README's curl without a token is refused
      HttpResponse<String> anonymous =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(fhirBase))
                  .header("Content-Type", "application/fhir+json")
                  .POST(HttpRequest.BodyPublishers.ofString(sample))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

      // when the demo practice sends the README's sample referral with its token
      DevTokens tokens = new DevTokens(repo, access.tokenUrl());
      IGenericClient practice = client(fhirBase, tokens.token(DemoClients.PRACTICE));
      Bundle response =
          practice
              .transaction()
              .withBundle(FHIR.newJsonParser().parseResource(Bundle.class, sample))
              .execute();
      assertThat(response.getEntry())
          .anySatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));

      // then the router gives its Task an owner: the demo link-worker service
      Task routed =
          await(
              "the Task to be routed to a link-worker service",
              () ->
                  practice
                      .search()
                      .forResource(Task.class)
                      .returnBundle(Bundle.class)
                      .execute()
                      .getEntry()
                      .stream()
                      .map(e -> (Task) e.getResource())
                      .filter(t -> t.hasOwner())
                      .findFirst()
                      .orElse(null));
      assertThat(routed.getOwner().getReference())
          .isEqualTo("HealthcareService/" + DemoClients.LINK_WORKER);

      // and when the link worker accepts it, the GP's FHIR endpoint receives the update
      IGenericClient linkWorker = client(fhirBase, tokens.token(DemoClients.LINK_WORKER));
      accept(linkWorker, routed.getIdPart());
      Task atGp =
          await(
              "the GP system to receive the accepted Task",
              () ->
                  dev.gp().received(Task.class).stream()
                      .filter(t -> t.getStatus() == Task.TaskStatus.ACCEPTED)
                      .findFirst()
                      .orElse(null));
      assertThat(atGp.getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
      assertThat(dev.services()).allSatisfy(s -> assertThat(s.isAlive()).as(s.name()).isTrue());
    }
  }

  /**
   * Accepts as a client does: read, change, update with If-Match; a 412 (Pathway added a version in
   * between, e.g. the delivery receipt) means read again and retry.
   */
  private static void accept(IGenericClient linkWorker, String taskId) {
    for (int attempt = 1; ; attempt++) {
      Task current = linkWorker.read().resource(Task.class).withId(taskId).execute();
      current.setStatus(Task.TaskStatus.ACCEPTED);
      try {
        linkWorker
            .update()
            .resource(current)
            .withId(current.getIdElement().toUnqualified())
            .execute();
        return;
      } catch (PreconditionFailedException stale) {
        if (attempt == 5) {
          throw stale;
        }
      }
    }
  }

  private static IGenericClient client(String fhirBase, String token) {
    IGenericClient client = FHIR.newRestfulGenericClient(fhirBase);
    client.registerInterceptor(new BearerTokenAuthInterceptor(token));
    return client;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
