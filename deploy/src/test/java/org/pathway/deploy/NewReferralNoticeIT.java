package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.channel.webhook.WebhookSignature;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * A link-worker service's case-management system reads the Task the moment its new-referral webhook
 * arrives, with its own token, as a real one does: the notice must come only once the ledger has
 * made the service the Task's owner, or tenancy answers the read 404. A burst of referrals while
 * the ledger's applier is held behind, as it falls behind under load (benchmark B5): the test locks
 * the applier's event log until the router has decided every referral and each new-referral notice
 * requested by then has reached its webhook.
 */
class NewReferralNoticeIT {

  private static final int REFERRALS = 30;
  private static final int SENDERS = 6;
  private static final String SECRET_REF = "notice-hooks";
  private static final String NEW_REFERRAL = NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id();
  private static final String SERVICE = DemoClients.LINK_WORKER;

  @TempDir Path data;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  /** What the case-management system saw when it read the Task its webhook named. */
  private record Read(String correlationId, String taskId, int status, String owner) {}

  @Test
  void everyLinkWorkerReadsItsTaskAsItsOwnOnItsWebhook() throws Exception {
    String secret = UUID.randomUUID().toString();
    Path repo = PathwayDev.repositoryRoot();
    String sample = Files.readString(repo.resolve("deploy/demo/referral.json"));
    Map<String, Read> reads = new ConcurrentHashMap<>();
    Set<String> arrived = ConcurrentHashMap.newKeySet();
    CaseManagement system = new CaseManagement();
    try (WebhookReceiver hooks =
            WebhookReceiver.start(
                (headers, body) ->
                    WebhookSignature.verify(secret, headers::getFirst, body, Instant.now()),
                call -> system.received(call, reads, arrived));
        ScaledPlatform platform =
            ScaledPlatform.start(data, 1, gpBase -> directory(gpBase, hooks), serviceEnv(secret));
        TopicTail decisions =
            new TopicTail(platform.kafka().bootstrapServers(), Topics.ROUTING_DECISIONS.name());
        TopicTail requests =
            new TopicTail(
                platform.kafka().bootstrapServers(), Topics.NOTIFICATION_REQUESTS.name());
        Connection ledger = platform.database("fhir-adapter").connect()) {
      String fhirBase = platform.fhirBases().get(0);
      DevTokens tokens = new DevTokens(repo, platform.access().tokenUrl());
      system.connect(fhirBase, () -> tokens.bearer(DemoClients.LINK_WORKER));
      String practice = tokens.bearer(DemoClients.PRACTICE);

      // given the ledger's applier held behind: it cannot record a decision as applied
      ledger.setAutoCommit(false);
      ledger.createStatement().execute("LOCK TABLE applied_event IN EXCLUSIVE MODE");

      // when the practice sends a burst of referrals, each routed to the demo's link workers, and
      // every fifth naming them as performer already (its Task arrives theirs, and the routing
      // decision changes no owner the ledger could announce)
      List<String> sent = new ArrayList<>();
      ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < REFERRALS; i++) {
        String correlationId = UUID.randomUUID().toString();
        sent.add(correlationId);
        String unique = sample.replace("DEMO-0001", "NOTICE-" + UUID.randomUUID());
        String body = i % 5 == 0 ? namingPerformer(unique) : unique;
        answers.add(senders.submit(() -> refer(fhirBase, practice, correlationId, body)));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).as("the practice's referral answered").isBetween(200, 299);
      }
      senders.shutdown();

      // and the router has decided every one, and every notice it asked for by then has arrived
      decisions.awaitEvents(
          events ->
              events.stream()
                  .filter(RoutingDecisionMade.class::isInstance)
                  .map(e -> ((RoutingDecisionMade) e).getEnvelope().getCorrelationId())
                  .collect(Collectors.toSet())
                  .containsAll(sent),
          Platform.WAIT);
      Set<String> requested =
          requests.toEnd().stream()
              .map(r -> r.value())
              .filter(NotificationRequested.class::isInstance)
              .map(NotificationRequested.class::cast)
              .filter(n -> NEW_REFERRAL.equals(n.getTemplateId()))
              .map(n -> n.getNotificationId().toString())
              .collect(Collectors.toSet());
      Platform.await(
          "the notices requested before the ledger applied a decision delivered",
          () -> arrived.containsAll(requested) ? Boolean.TRUE : null);
      // then the applier catches up
      ledger.rollback();

      Platform.await(
          "every referral's link worker notified and its read answered",
          () -> reads.keySet().containsAll(sent) ? Boolean.TRUE : null);

      // then every read found the Task already theirs: 200, owned by the service itself
      assertThat(reads.values())
          .hasSize(REFERRALS)
          .allSatisfy(
              read -> {
                assertThat(read.status())
                    .as("reading Task/" + read.taskId() + " on its webhook")
                    .isEqualTo(200);
                assertThat(read.owner())
                    .as("owner of Task/" + read.taskId())
                    .isEqualTo("HealthcareService/" + SERVICE);
              });
    }
  }

  /**
   * {@code bundle} with its ServiceRequest's performer the demo link-worker service, named as the
   * directory names it: the owner the routing decision sets is then the very owner the Task has.
   */
  private String namingPerformer(String bundle) throws IOException {
    String name = null;
    JsonNode directory =
        json.readTree(PathwayDev.repositoryRoot().resolve("deploy/demo/directory.json").toFile());
    for (JsonNode service : directory.path("contents")) {
      if (SERVICE.equals(service.path("id").asText())) {
        name = service.path("name").asText();
      }
    }
    assertThat(name).as("the demo directory lists " + SERVICE).isNotBlank();
    JsonNode root = json.readTree(bundle);
    for (JsonNode entry : root.path("entry")) {
      JsonNode resource = entry.path("resource");
      if ("ServiceRequest".equals(resource.path("resourceType").asText())) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) resource)
            .putArray("performer")
            .addObject()
            .put("reference", "HealthcareService/" + SERVICE)
            .put("display", name);
      }
    }
    return json.writeValueAsString(root);
  }

  private int refer(String fhirBase, String bearer, String correlationId, String body)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(fhirBase))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/fhir+json")
                .header("Authorization", bearer)
                .header("X-Request-ID", UUID.randomUUID().toString())
                .header("X-Correlation-ID", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /**
   * The demo link-worker service's case-management system: on its new-referral webhook it reads the
   * Task named, with its own token, before answering.
   */
  private final class CaseManagement {
    private volatile String fhirBase;
    private volatile Supplier<String> bearer;

    void connect(String fhirBase, Supplier<String> bearer) {
      this.fhirBase = fhirBase;
      this.bearer = bearer;
    }

    void received(WebhookReceiver.Call call, Map<String, Read> reads, Set<String> arrived) {
      if (!call.path().equals("/hooks/" + SERVICE)) {
        return;
      }
      try {
        JsonNode body = json.readTree(call.body());
        if (!NEW_REFERRAL.equals(body.path("templateId").asText())) {
          return;
        }
        String taskId = body.path("taskId").asText();
        HttpResponse<String> read =
            http.send(
                HttpRequest.newBuilder(URI.create(fhirBase + "/Task/" + taskId))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/fhir+json")
                    .header("Authorization", bearer.get())
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String owner =
            read.statusCode() == 200
                ? json.readTree(read.body()).path("owner").path("reference").asText()
                : null;
        String correlationId = body.path("correlationId").asText();
        reads.putIfAbsent(correlationId, new Read(correlationId, taskId, read.statusCode(), owner));
        arrived.add(body.path("notificationId").asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The notifier holds the webhooks' secret, by reference, for the receiver's host only. */
  private static Map<String, Map<String, String>> serviceEnv(String secret) {
    String ref = "PATHWAY_SECRET_" + SECRET_REF.toUpperCase().replace('-', '_');
    return Map.of(
        "fhir-adapter",
        Map.of("ACCESS_RATE_LIMIT", "1000000"),
        "notifier",
        Map.of(ref, secret, ref + "_HOST", "127.0.0.1"));
  }

  private Path directory(String gpBase, WebhookReceiver hooks) {
    try {
      return WebhookDirectory.write(gpBase, hooks, SECRET_REF, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
