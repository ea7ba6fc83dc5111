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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.channel.webhook.WebhookSignature;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * Every service scales out (issue 15): two adapters, two routers and two notifiers on one Kafka and
 * one PostgreSQL share the work, and killing one of each with SIGKILL under load loses nothing and
 * sends no duplicate notification. The three ledgers of the reliability plan, compared as sets: the
 * referrals the GP got a 2xx for (the GP sends each until one is acknowledged, at either adapter,
 * as a GP system retries what it holds no answer for); the notifications the link-worker endpoints
 * received (webhooks, counted per notification); and the receipts the notifiers wrote, which must
 * flag any notification that arrived twice as an in-doubt resend.
 *
 * <p>The scaled platform (six service JVMs, most of a minute to start) is started once for the
 * class and first plays {@link NewReferralNotices}, which needs every replica alive, then the kill
 * test, which leaves one replica of each service dead: hence the fixed order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutKillIT {

  private static final int REFERRALS = 300;
  private static final int SENDERS = 6;
  private static final String SECRET_REF = "scale-hooks";
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String NEW_REFERRAL = NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id();

  @TempDir static Path data;

  /** Every correctly signed webhook call, in arrival order. */
  private static final List<WebhookReceiver.Call> received =
      Collections.synchronizedList(new ArrayList<>());

  /** Told of each correctly signed call as it arrives (the case-management system, while any). */
  private static volatile Consumer<WebhookReceiver.Call> onCall = call -> {};

  private static WebhookReceiver hooks;
  private static ScaledPlatform platform;

  @BeforeAll
  static void startPlatform() throws Exception {
    String secret = UUID.randomUUID().toString();
    hooks =
        WebhookReceiver.start(
            (headers, body) ->
                WebhookSignature.verify(secret, headers::getFirst, body, Instant.now()),
            call -> {
              received.add(call);
              onCall.accept(call);
            });
    platform = ScaledPlatform.start(data, 2, ScaleOutKillIT::directory, serviceEnv(secret));
  }

  @AfterAll
  static void stopPlatform() {
    // The replicas before the receiver, so no notifier is left retrying a closed endpoint.
    if (platform != null) {
      platform.close();
    }
    if (hooks != null) {
      hooks.close();
    }
  }

  @Test
  @Order(1)
  void everyLinkWorkerReadsItsTaskAsItsOwnOnItsWebhook() throws Exception {
    NewReferralNotices notices = new NewReferralNotices(platform);
    onCall = notices::received;
    try {
      notices.everyLinkWorkerReadsItsTaskAsItsOwnOnItsWebhook();
    } finally {
      onCall = call -> {};
    }
  }

  @Test
  @Order(2)
  void killingOneReplicaOfEachServiceUnderLoadLosesNothingAndDuplicatesNothing() throws Exception {
    Path repo = PathwayDev.repositoryRoot();
    String sample = Files.readString(repo.resolve("deploy/demo/referral.json"));
    DevTokens tokens = new DevTokens(repo, platform.access().tokenUrl());
    String operator = tokens.bearer(DemoClients.OPERATOR);
    tokens.bearer(DemoClients.PRACTICE);
    ScaledPlatform.Replica leader =
        await(
            "an adapter leading the outbox relay, the other's commits heard",
            () -> leader(platform, operator));

    // given six GP connections sending referrals to either adapter
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    Gp gp = new Gp(platform.fhirBases(), () -> tokens.bearer(DemoClients.PRACTICE));
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    List<Future<?>> sending = new ArrayList<>();
    for (int t = 0; t < SENDERS; t++) {
      sending.add(
          senders.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < REFERRALS) {
                  String correlationId = UUID.randomUUID().toString();
                  sent.add(correlationId);
                  String body = sample.replace("DEMO-0001", "SCALE-" + UUID.randomUUID());
                  if (gp.refer(i, body, correlationId)) {
                    acked.add(correlationId);
                  }
                }
                return null;
              }));
    }

    // when the relay's leading adapter, a router and a notifier are killed during the load
    awaitAcked(acked, REFERRALS / 4);
    leader.jvm().kill();
    awaitAcked(acked, REFERRALS / 2);
    platform.replicas("router").get(0).jvm().kill();
    awaitAcked(acked, 3 * REFERRALS / 4);
    platform.replicas("notifier").get(0).jvm().kill();
    for (Future<?> f : sending) {
      f.get();
    }
    senders.shutdown();

    // then every referral was acknowledged by one adapter or the other
    assertThat(acked).as("referrals the GP got a 2xx for").hasSize(REFERRALS);
    // and the other adapter took the relay over
    ScaledPlatform.Replica successor =
        await("the relay led again", () -> leader(platform, operator));
    assertThat(successor.number()).isNotEqualTo(leader.number());

    // and every acknowledged referral reached its link worker's endpoint
    await(
        "every acknowledged referral's link worker notified",
        () -> newReferralCalls(sent).keySet().containsAll(acked) ? Boolean.TRUE : null);
    await(
        "the notifiers' webhooks settled",
        () -> unfinishedDeliveries(platform) == 0 ? Boolean.TRUE : null);
    Map<String, List<Call>> byReferral = newReferralCalls(sent);
    assertThat(byReferral.keySet()).containsAll(acked);

    // with one notification per referral: one Task, one notification id
    assertThat(byReferral)
        .allSatisfy(
            (correlationId, calls) -> {
              assertThat(calls.stream().map(Call::taskId).distinct())
                  .as("Tasks notified for referral " + correlationId)
                  .hasSize(1);
              assertThat(calls.stream().map(Call::notificationId).distinct())
                  .as("notifications for referral " + correlationId)
                  .hasSize(1);
            });
    // and any notification that arrived twice flagged by its receipt as an in-doubt resend
    Set<String> arrivedTwice =
        byReferral.values().stream()
            .filter(calls -> calls.size() > 1)
            .map(calls -> calls.get(0).notificationId())
            .collect(Collectors.toSet());
    Set<String> flagged = new HashSet<>();
    try (var receipts =
        new TopicTail(platform.kafka().bootstrapServers(), Topics.NOTIFICATION_RECEIPTS.name())) {
      for (var r : receipts.toEnd()) {
        if (r.value() instanceof NotificationDelivered d && d.getResentInDoubt()) {
          flagged.add(d.getNotificationId().toString());
        }
      }
    }
    assertThat(flagged).as("receipts flagging a resend").containsAll(arrivedTwice);
    System.out.printf(
        "scale-out kill: %d referrals acknowledged, %d link workers notified, %d notifications"
            + " arrived twice (each flagged in doubt), relay leader %s then %s%n",
        acked.size(), byReferral.size(), arrivedTwice.size(), leader.name(), successor.name());
    assertThat(platform.replicas("router").get(1).jvm().isAlive()).isTrue();
    assertThat(platform.replicas("notifier").get(1).jvm().isAlive()).isTrue();
    assertThat(successor.jvm().isAlive()).isTrue();
  }

  /** Per service: fast takeover of a dead member's partitions and of a dead notifier's tries. */
  private static Map<String, Map<String, String>> serviceEnv(String secret) {
    String ref = "PATHWAY_SECRET_" + SECRET_REF.toUpperCase().replace('-', '_');
    Map<String, Map<String, String>> env = new HashMap<>();
    env.put(
        "fhir-adapter",
        Map.of(
            "ACCESS_RATE_LIMIT", "1000000",
            // The test's tokens come from the first adapter, which may be the one killed.
            "ACCESS_TOKEN_LIFETIME", "30m",
            "APPLIER_SESSION_TIMEOUT", "6s"));
    env.put("router", Map.of("ROUTER_KAFKA_SESSION_TIMEOUT", "6s", "ROUTER_KAFKA_CONSUMERS", "2"));
    env.put(
        "notifier",
        Map.of(
            ref,
            secret,
            ref + "_HOST",
            "127.0.0.1",
            "NOTIFIER_KAFKA_SESSION_TIMEOUT",
            "6s",
            "NOTIFIER_WEBHOOK_TIMEOUT",
            "2s",
            "NOTIFIER_SMTP_TIMEOUT",
            "2s",
            "NOTIFIER_FHIR_TIMEOUT",
            "2s",
            "NOTIFIER_RETRY_LEASE",
            "8s"));
    return env;
  }

  private static Path directory(String gpBase) {
    try {
      return WebhookDirectory.write(gpBase, hooks, SECRET_REF, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ScaledPlatform.Replica leader(ScaledPlatform platform, String operator) {
    return platform.relayLeader(operator).orElse(null);
  }

  private static void awaitAcked(Set<String> acked, int count) throws InterruptedException {
    await(count + " referrals acknowledged", () -> acked.size() >= count ? true : null);
  }

  private static long unfinishedDeliveries(ScaledPlatform platform) {
    try (var c = platform.database("notifier").connect();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM delivery WHERE channel = 'WEBHOOK'"
                        + " AND status IN ('PENDING', 'SENDING')")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits for {@code probe} to give a value, longer than {@link Platform#await}: after the kills a
   * router's open transaction holds its partitions' readers until the broker aborts it.
   */
  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    return Platform.await(what, WAIT, probe);
  }

  /** A link worker's new-referral webhook as it arrived. */
  private record Call(String correlationId, String taskId, String notificationId) {}

  /**
   * The new-referral webhooks received so far for the referrals of {@code sent} (correlation ids:
   * not the notice scenario's), by the referral's correlation id.
   */
  private static Map<String, List<Call>> newReferralCalls(Set<String> sent) {
    ObjectMapper json = new ObjectMapper();
    Map<String, List<Call>> out = new HashMap<>();
    List<WebhookReceiver.Call> calls;
    synchronized (received) {
      calls = List.copyOf(received);
    }
    for (WebhookReceiver.Call call : calls) {
      try {
        JsonNode body = json.readTree(call.body());
        if (call.signatureValid()
            && NEW_REFERRAL.equals(body.path("templateId").asText())
            && sent.contains(body.path("correlationId").asText())) {
          Call c =
              new Call(
                  body.path("correlationId").asText(),
                  body.path("taskId").asText(),
                  body.path("notificationId").asText());
          out.computeIfAbsent(c.correlationId(), k -> new ArrayList<>()).add(c);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("a webhook body that is not JSON", e);
      }
    }
    return out;
  }

  /**
   * The GP systems: each referral sent to one adapter and, until one acknowledges it, again to the
   * next (same ServiceRequest identifier and correlation id, a new X-Request-ID): a repeat of a
   * referral the ledger holds is answered with the original.
   */
  private static final class Gp {
    private final List<String> bases;
    private final Supplier<String> authorization;
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Gp(List<String> bases, Supplier<String> authorization) {
      this.bases = bases;
      this.authorization = authorization;
    }

    boolean refer(int i, String body, String correlationId) throws InterruptedException {
      for (int attempt = 0; attempt < 40; attempt++) {
        String base = bases.get((i + attempt) % bases.size());
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(base))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/fhir+json")
                .header("Authorization", authorization.get())
                .header("X-Request-ID", UUID.randomUUID().toString())
                .header("X-Correlation-ID", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
          int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status / 100 == 2) {
            return true;
          }
          if (status / 100 == 4 && status != 429) {
            throw new AssertionError("referral " + i + " refused with " + status + " by " + base);
          }
        } catch (IOException e) {
          // that adapter is gone or did not answer: the GP tries the other
        }
        Thread.sleep(250);
      }
      return false;
    }
  }
}
