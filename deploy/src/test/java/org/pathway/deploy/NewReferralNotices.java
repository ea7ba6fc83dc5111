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
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.topics.Topics;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * A link-worker service's case-management system reads the Task the moment its new-referral webhook
 * arrives, with its own token, as a real one does: the notice must come only once the ledger has
 * made the service the Task's owner, or tenancy answers the read 404. A burst of referrals while
 * the ledger's applier is held behind, as it falls behind under load (benchmark B5): the scenario
 * locks the applier's event log until the router has decided every referral and each new-referral
 * notice requested by then has reached its webhook.
 *
 * <p>A scenario, not a test class: {@link ScaleOutKillIT} plays it on its scaled platform before
 * its kills, so the run starts one scaled platform instead of two (each most of a minute). While it
 * plays, the platform's webhook receiver hands every signed call to {@link #received}.
 */
final class NewReferralNotices {

  private static final int REFERRALS = 30;
  private static final int SENDERS = 6;
  private static final String NEW_REFERRAL = NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id();
  private static final String SERVICE = DemoClients.LINK_WORKER;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ScaledPlatform platform;
  private final Map<String, Read> reads = new ConcurrentHashMap<>();
  private final Set<String> arrived = ConcurrentHashMap.newKeySet();
  private volatile String fhirBase;
  private volatile Supplier<String> bearer;

  /** What the case-management system saw when it read the Task its webhook named. */
  private record Read(String correlationId, String taskId, int status, String owner) {}

  /**
   * The scenario on {@code platform}, whose directory sends the demo link-worker service's notices
   * as signed webhooks to {@code /hooks/<service>} and whose every replica is alive.
   */
  NewReferralNotices(ScaledPlatform platform) {
    this.platform = platform;
  }

  /** Plays the burst and asserts every link worker read its Task as its own on its webhook. */
  void everyLinkWorkerReadsItsTaskAsItsOwnOnItsWebhook() throws Exception {
    Path repo = PathwayDev.repositoryRoot();
    String sample = Files.readString(repo.resolve("deploy/demo/referral.json"));
    try (TopicTail decisions =
            new TopicTail(platform.kafka().bootstrapServers(), Topics.ROUTING_DECISIONS.name());
        TopicTail requests =
            new TopicTail(
                platform.kafka().bootstrapServers(), Topics.NOTIFICATION_REQUESTS.name());
        Connection ledger = platform.database("fhir-adapter").connect()) {
      String base = platform.fhirBases().get(0);
      DevTokens tokens = new DevTokens(repo, platform.access().tokenUrl());
      bearer = () -> tokens.bearer(DemoClients.LINK_WORKER);
      fhirBase = base;
      String practice = tokens.bearer(DemoClients.PRACTICE);

      // given the ledger's applier held behind: it cannot record a decision as applied (every
      // adapter replica's applier writes the one applied_event table)
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
        answers.add(senders.submit(() -> refer(base, practice, correlationId, body)));
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
   * The demo link-worker service's case-management system: on its new-referral webhook it reads the
   * Task named, with its own token, before answering.
   */
  void received(WebhookReceiver.Call call) {
    if (!call.path().equals("/hooks/" + SERVICE) || fhirBase == null) {
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

  private int refer(String base, String authorization, String correlationId, String body)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(base))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/fhir+json")
                .header("Authorization", authorization)
                .header("X-Request-ID", UUID.randomUUID().toString())
                .header("X-Correlation-ID", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
