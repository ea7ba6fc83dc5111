package org.pathway.notifier.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.DeliveryAttempt;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.OperatorTokens;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.metrics.Prometheus;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * Webhooks on PostgreSQL: signed, retried across a restart in order, and given up at the horizon.
 */
class WebhookRetryIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SECRET_REF = "link-worker-hub";

  static TestKafka kafka;
  static OperatorTokens access;
  static final String SECRET = "s3cret-" + UUID.randomUUID();
  static WebhookReceiver receiver;
  static TopicTail receipts;
  static TopicTail deadLetters;

  @BeforeAll
  static void start() throws Exception {
    access = new OperatorTokens();
    kafka = new TestKafka();
    receiver =
        WebhookReceiver.start(
            (headers, body) ->
                WebhookSignature.verify(SECRET, headers::getFirst, body, Instant.now()));
    receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name());
    deadLetters = kafka.probe(Topics.NOTIFIER_DEAD_LETTERS.name());
  }

  @AfterAll
  static void stop() {
    receipts.close();
    deadLetters.close();
    receiver.close();
    kafka.close();
    access.close();
  }

  private static Map<String, Object> properties(TestDatabase db, String groupId) {
    Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
    p.put("pathway.kafka.group-id", groupId);
    p.put("pathway.secrets." + SECRET_REF, SECRET);
    p.put("pathway.secret-hosts." + SECRET_REF, "127.0.0.1");
    p.put("pathway.smtp.port", 1);
    p.putAll(access.properties());
    return p;
  }

  private static NotificationRequested webhook(String referral, String path, String name) {
    return Requests.request(
        referral,
        Audience.LINK_WORKER,
        Channel.WEBHOOK,
        receiver.url(path),
        SECRET_REF,
        "task-" + referral,
        "link-worker-new-referral",
        Map.of(
            "recipientName",
            "Hub",
            "personName",
            name,
            "nhsNumber",
            "9434765919",
            "respondUrl",
            "https://portal.test/l/" + referral));
  }

  private static SpecificRecord receiptFor(NotificationRequested r) {
    String id = r.getNotificationId().toString();
    return receipts
        .awaitEvents(evs -> evs.stream().anyMatch(e -> id.equals(idOf(e))), WAIT)
        .stream()
        .filter(e -> id.equals(idOf(e)))
        .findFirst()
        .orElseThrow();
  }

  private static String idOf(SpecificRecord e) {
    return e instanceof NotificationDelivered d
        ? d.getNotificationId().toString()
        : ((NotificationFailed) e).getNotificationId().toString();
  }

  @Test
  void retriesAcrossARestartAndDeliversInOrderOnceTheEndpointRecovers() throws Exception {
    String path = "/hooks/outage";
    receiver.answer(path, 503);
    List<NotificationRequested> sent = new ArrayList<>();
    try (TestDatabase db = TestDatabase.create("notifier")) {
      String group = "notifier-" + UUID.randomUUID();
      EmbeddedServer first = NotifierApp.start(properties(db, group));
      for (int i = 0; i < 3; i++) {
        NotificationRequested r = webhook("ref-outage", path, "Person " + i);
        sent.add(r);
        Requests.send(kafka.router, r);
      }
      // The endpoint is down: the first request is tried and retried, the others wait their turn.
      await().atMost(WAIT).until(() -> receiver.calls(path).size() >= 2);
      first.close();

      receiver.answer(path, 202);
      EmbeddedServer second = NotifierApp.start(properties(db, group));
      try {
        for (NotificationRequested r : sent) {
          assertThat(receiptFor(r)).isInstanceOf(NotificationDelivered.class);
        }
      } finally {
        second.close();
      }
    }
    List<WebhookReceiver.Call> calls = receiver.calls(path);
    assertThat(calls).allMatch(WebhookReceiver.Call::signatureValid);
    List<String> accepted =
        calls.stream()
            .filter(c -> c.answered() == 202)
            .map(c -> c.header(WebhookSignature.IDEMPOTENCY_HEADER))
            .toList();
    assertThat(accepted)
        .containsExactlyElementsOf(
            sent.stream().map(NotificationRequested::getIdempotencyKey).toList());
    // While the first was failing, no later request overtook it.
    String firstKey = sent.get(0).getIdempotencyKey();
    assertThat(calls.stream().filter(c -> c.answered() == 503))
        .allMatch(c -> c.header(WebhookSignature.IDEMPOTENCY_HEADER).equals(firstKey));
    NotificationDelivered d = (NotificationDelivered) receiptFor(sent.get(0));
    assertThat(d.getAttempts()).isGreaterThanOrEqualTo(3);
    assertThat(d.getChannel()).isEqualTo(Channel.WEBHOOK);
    JsonNode body = new ObjectMapper().readTree(calls.get(calls.size() - 1).body());
    assertThat(body.get("notificationId").asText())
        .isEqualTo(sent.get(2).getNotificationId().toString());
    assertThat(body.get("fields").get("personName").asText()).isEqualTo("Person 2");
    // The case-management system gets the signed link as a field of its own, and in the text.
    assertThat(body.get("fields").get("respondUrl").asText())
        .isEqualTo("https://portal.test/l/ref-outage");
    assertThat(body.get("text").asText()).contains("https://portal.test/l/ref-outage");
  }

  @Test
  void aHangingEndpointHoldsUpNoOtherDelivery() throws Exception {
    String hanging = "/hooks/hanging";
    String quick = "/hooks/quick";
    receiver.hold(hanging);
    try (TestDatabase db = TestDatabase.create("notifier")) {
      Map<String, Object> p = properties(db, "notifier-" + UUID.randomUUID());
      // The hanging call would end at the timeout: far beyond the wait for the other delivery.
      p.put("pathway.webhook.timeout", "60s");
      p.put("pathway.retry.lease", "3m");
      EmbeddedServer app = NotifierApp.start(p);
      try {
        // given one delivery whose endpoint has taken it and does not answer
        NotificationRequested stuck = webhook("ref-hanging", hanging, "Stuck");
        Requests.send(kafka.router, stuck);
        await().atMost(WAIT).until(() -> receiver.calls(hanging).size() == 1);

        // when a request for another endpoint comes in
        NotificationRequested other = webhook("ref-quick", quick, "Quick");
        Requests.send(kafka.router, other);

        // then it is delivered while the first is still hanging, not after the first's timeout
        String otherId = other.getNotificationId().toString();
        List<SpecificRecord> seen =
            receipts.awaitEvents(
                evs -> evs.stream().anyMatch(e -> otherId.equals(idOf(e))), Duration.ofSeconds(30));
        assertThat(receiver.calls(quick)).hasSize(1);
        String stuckId = stuck.getNotificationId().toString();
        assertThat(seen).noneMatch(e -> stuckId.equals(idOf(e)));

        receiver.release(hanging);
        assertThat(receiptFor(stuck)).isInstanceOf(NotificationDelivered.class);
        assertThat(receiver.calls(hanging)).hasSize(1);
      } finally {
        receiver.release(hanging);
        app.close();
      }
    }
  }

  @Test
  void givesUpAtTheHorizonWithEveryAttemptAndDeadLettersTheRequest() throws Exception {
    String down = "/hooks/always-down";
    String refusing = "/hooks/refusing";
    receiver.answer(down, 500);
    receiver.answer(refusing, 422);
    try (TestDatabase db = TestDatabase.create("notifier")) {
      Map<String, Object> p = properties(db, "notifier-" + UUID.randomUUID());
      // The horizon counts from when the request was taken in; a loaded machine may take seconds
      // to make the first try, so it leaves room for three tries whatever the start.
      p.put("pathway.retry.horizon", "8s");
      p.put("pathway.retry.max-backoff", "500ms");
      EmbeddedServer app = NotifierApp.start(p);
      try {
        NotificationRequested r = webhook("ref-horizon", down, "Never Delivered");
        NotificationRequested refused = webhook("ref-refused", refusing, "Refused");
        Requests.send(kafka.router, r);
        Requests.send(kafka.router, refused);
        long written = System.nanoTime();

        NotificationFailed failed = (NotificationFailed) receiptFor(r);
        assertThat(failed.getReason()).contains("retry horizon");
        assertThat(failed.getAttempts()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(failed.getAttempts())
            .extracting(DeliveryAttempt::getError)
            .allMatch(e -> e.contains("answered 500"));
        assertThat(failed.getAttempts()).hasSize(receiver.calls(down).size());
        byte[] original = Requests.bytes(r);
        deadLetters.awaitRecords(
            recs -> recs.stream().anyMatch(x -> Arrays.equals(x.value(), original)), WAIT);

        NotificationFailed permanent = (NotificationFailed) receiptFor(refused);
        assertThat(permanent.getAttempts()).hasSize(1);
        assertThat(permanent.getReason()).contains("permanent").contains("422");

        HttpResponse<String> metrics =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(app.getURI().resolve("/prometheus"))
                        .header("Authorization", "Bearer " + access.operator())
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        String line =
            metrics
                .body()
                .lines()
                .filter(l -> l.startsWith("notifier_dead_letters_total"))
                .findFirst()
                .orElseThrow();
        assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .isGreaterThanOrEqualTo(2.0);
        // and both are on the dead-letter topic, where the gauge counts them whatever the process
        String dead = "pathway_dead_letters{topic=\"" + Topics.NOTIFIER_DEAD_LETTERS.name() + "\"}";
        String lag =
            "pathway_kafka_consumer_lag{group=\""
                + p.get("pathway.kafka.group-id")
                + "\",topic=\""
                + Topics.NOTIFICATION_REQUESTS.name()
                + "\"}";
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  String body =
                      Prometheus.scrapeReadAfter(app.getURI(), access.operator(), written);
                  assertThat(Prometheus.sample(body, dead)).isGreaterThanOrEqualTo(2.0);
                  assertThat(Prometheus.sample(body, lag)).isZero();
                });
      } finally {
        app.close();
      }
    }
  }
}
