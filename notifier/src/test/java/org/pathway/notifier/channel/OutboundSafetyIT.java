package org.pathway.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.channel.webhook.WebhookSignature;
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * S11 with the faults injected: outbound calls built from directory data go only where the operator
 * allows, never follow a redirect with a signature or a token, and a secret goes only to the host
 * it was issued for. Each refusal is a failed delivery: a NotificationFailed receipt and the
 * request on the dead-letter topic, and nothing sent.
 */
class OutboundSafetyIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SECRET_REF = "lw-hooks";
  private static final String SECRET = "s3cret-outbound";

  static TestKafka kafka;
  static WebhookReceiver receiver;
  static TopicTail receipts;
  static TopicTail deadLetters;

  @BeforeAll
  static void start() throws Exception {
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
  }

  @Test
  void refusesAnHttpWebhookOutsideDevModeAndDeadLettersIt() throws Exception {
    String path = "/hooks/plain-http";
    receiver.answer(path, 202);
    NotificationFailed failed =
        failedDelivery(
            Map.of("pathway.outbound.allow-http", false), webhook("ref-http", receiver.url(path)));

    assertThat(failed.getReason()).contains("permanent").contains("only https");
    assertThat(receiver.calls(path)).isEmpty();
  }

  @Test
  void neverFollowsAWebhookRedirectToAnotherHost() throws Exception {
    // given a webhook that answers 302, pointing at another host (same machine, another name)
    String elsewhere = "/hooks/elsewhere";
    receiver.answer(elsewhere, 202);
    String target = receiver.url(elsewhere).replace("127.0.0.1", "localhost");
    try (Redirector redirect = new Redirector(target)) {
      NotificationFailed failed =
          failedDelivery(Map.of(), webhook("ref-redirect", redirect.url("/hooks/moved")));

      // then the 302 is a permanent failure after one try, and the other host hears nothing
      assertThat(failed.getReason()).contains("302").contains("redirects are not followed");
      assertThat(failed.getAttempts()).hasSize(1);
      assertThat(redirect.calls).hasSize(1);
      assertThat(redirect.calls.get(0)).contains(WebhookSignature.VERSION + "=");
      assertThat(receiver.calls(elsewhere)).isEmpty();
    }
  }

  @Test
  void neverFollowsAGpFhirRedirectCarryingTheBearerToken() throws Exception {
    String elsewhere = "/fhir-elsewhere/Task/task-ref-fhir-redirect";
    receiver.answer(elsewhere, 200);
    String target = receiver.url("/fhir-elsewhere").replace("127.0.0.1", "localhost");
    try (Redirector redirect = new Redirector(target)) {
      NotificationRequested toGp =
          Requests.request(
              "ref-fhir-redirect",
              Audience.GP,
              Channel.FHIR,
              redirect.url("/fhir"),
              SECRET_REF,
              "task-ref-fhir-redirect",
              "gp-status-update",
              Map.of("personName", "Ann", "taskStatus", "accepted"));
      NotificationFailed failed = failedDelivery(Map.of(), toGp);

      assertThat(failed.getReason()).contains("302").contains("redirects are not followed");
      assertThat(redirect.calls).isNotEmpty().allMatch(c -> c.contains("Bearer " + SECRET));
      assertThat(receiver.calls(elsewhere)).isEmpty();
      assertThat(receiver.calls().stream().map(WebhookReceiver.Call::path))
          .noneMatch(p -> p.startsWith("/fhir-elsewhere"));
    }
  }

  @Test
  void refusesASecretForAHostOtherThanTheOneItWasIssuedFor() throws Exception {
    String path = "/hooks/wrong-host-secret";
    receiver.answer(path, 202);
    NotificationFailed failed =
        failedDelivery(
            Map.of("pathway.secret-hosts." + SECRET_REF, "hooks.partner.example.org"),
            webhook("ref-secret-host", receiver.url(path)));

    assertThat(failed.getReason())
        .contains("issued for hooks.partner.example.org")
        .doesNotContain(SECRET);
    assertThat(receiver.calls(path)).isEmpty();
  }

  @Test
  void deliversWhenUrlAndSecretHostAreAllowed() throws Exception {
    // the control: the same settings with a good URL deliver, signed
    String path = "/hooks/allowed";
    receiver.answer(path, 202);
    NotificationRequested r = webhook("ref-allowed", receiver.url(path));
    try (TestDatabase db = TestDatabase.create("notifier");
        EmbeddedServer app = NotifierApp.start(properties(db, Map.of()))) {
      Requests.send(kafka.router, r);
      assertThat(receiptFor(r)).isInstanceOf(NotificationDelivered.class);
    }
    assertThat(receiver.calls(path)).hasSize(1).allMatch(WebhookReceiver.Call::signatureValid);
  }

  private static NotificationRequested webhook(String referral, String url) {
    return Requests.request(
        referral,
        Audience.LINK_WORKER,
        Channel.WEBHOOK,
        url,
        SECRET_REF,
        "task-" + referral,
        "link-worker-new-referral",
        Map.of("recipientName", "Hub", "personName", "Ann", "nhsNumber", "9434765919"));
  }

  private static Map<String, Object> properties(TestDatabase db, Map<String, Object> overrides) {
    Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
    p.put("pathway.smtp.port", 1);
    p.put("pathway.secrets." + SECRET_REF, SECRET);
    p.put("pathway.secret-hosts." + SECRET_REF, "127.0.0.1");
    // A refusal that were mistaken for a transient error would still end, but as "retry horizon".
    p.put("pathway.retry.horizon", "20s");
    p.putAll(overrides);
    return p;
  }

  /** Runs a notifier with {@code overrides}, sends {@code r}, and returns its failed receipt. */
  private static NotificationFailed failedDelivery(
      Map<String, Object> overrides, NotificationRequested r) throws Exception {
    try (TestDatabase db = TestDatabase.create("notifier");
        EmbeddedServer app = NotifierApp.start(properties(db, overrides))) {
      Requests.send(kafka.router, r);
      SpecificRecord receipt = receiptFor(r);
      assertThat(receipt).isInstanceOf(NotificationFailed.class);
      byte[] original = Requests.bytes(r);
      deadLetters.awaitRecords(
          recs -> recs.stream().anyMatch(x -> Arrays.equals(x.value(), original)), WAIT);
      return (NotificationFailed) receipt;
    }
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

  /**
   * An endpoint that answers every call with 302 to {@code location}, keeping each call's method,
   * path and credentials headers.
   */
  private static final class Redirector implements AutoCloseable {

    final List<String> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    Redirector(String location) throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.add(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI()
                    + " "
                    + exchange.getRequestHeaders().getFirst("Authorization")
                    + " "
                    + exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER));
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
          });
      server.start();
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
