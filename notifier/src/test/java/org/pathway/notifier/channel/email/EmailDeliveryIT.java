package org.pathway.notifier.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.OperatorTokens;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.metrics.Prometheus;

class EmailDeliveryIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  static TestKafka kafka;
  static TestDatabase db;
  static GreenMail smtp;
  static EmbeddedServer app;
  static TopicTail receipts;
  static TopicTail deadLetters;
  static String groupId;
  static OperatorTokens access;

  @BeforeAll
  static void start() throws Exception {
    access = new OperatorTokens();
    kafka = new TestKafka();
    db = TestDatabase.create("notifier");
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
    p.put("pathway.smtp.host", "127.0.0.1");
    p.put("pathway.smtp.port", smtp.getSmtp().getPort());
    groupId = (String) p.get("pathway.kafka.group-id");
    p.putAll(access.properties());
    app = NotifierApp.start(p);
    receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name());
    deadLetters = kafka.probe(Topics.NOTIFIER_DEAD_LETTERS.name());
  }

  @AfterAll
  static void stop() {
    receipts.close();
    deadLetters.close();
    app.close();
    smtp.stop();
    kafka.close();
    db.close();
    access.close();
  }

  private static List<SpecificRecord> receiptsFor(String notificationId) {
    return receipts
        .awaitEvents(
            evs -> evs.stream().anyMatch(e -> notificationIdOf(e).equals(notificationId)), WAIT)
        .stream()
        .filter(e -> notificationIdOf(e).equals(notificationId))
        .toList();
  }

  private static String notificationIdOf(SpecificRecord e) {
    if (e instanceof NotificationDelivered d) {
      return d.getNotificationId().toString();
    }
    return ((NotificationFailed) e).getNotificationId().toString();
  }

  private static List<MimeMessage> mailFor(String notificationId) throws Exception {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return notificationId.equals(
                    m.getHeader(SmtpEmailSender.NOTIFICATION_HEADER, null));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  @Test
  void deliversEscapedPlainTextAndHtmlEmailAndReportsReceipt() throws Exception {
    NotificationRequested r =
        Requests.request(
            "ref-email-1",
            Audience.FACILITATOR,
            Channel.EMAIL,
            "facilitator@walk.example",
            "facilitator-new-member",
            Map.of(
                "recipientName", "Sam",
                "personFirstName", "<b>Jo</b>",
                "groupName", "Walk & Talk",
                "referralReason", "depression",
                "taskId", "task-email-1",
                "respondUrl", "https://portal.test/l/eyJraWQiOiJ0In0.eyJzdWIiOiJ0In0.c2ln"));
    Requests.send(kafka.router, r);

    String id = r.getNotificationId().toString();
    List<SpecificRecord> got = receiptsFor(id);
    assertThat(got).hasSize(1).first().isInstanceOf(NotificationDelivered.class);
    NotificationDelivered d = (NotificationDelivered) got.get(0);
    assertThat(d.getChannel()).isEqualTo(Channel.EMAIL);
    assertThat(d.getAttempts()).isEqualTo(1);
    assertThat(d.getResentInDoubt()).isFalse();
    assertThat(d.getProviderReference()).isEqualTo("<" + id + "@pathway.notifier>");
    assertThat(d.getEnvelope().getCausationId()).isEqualTo(r.getEnvelope().getEventId().toString());

    List<MimeMessage> mail = mailFor(id);
    assertThat(mail).hasSize(1);
    MimeMessage m = mail.get(0);
    assertThat(m.getAllRecipients()[0].toString()).isEqualTo("facilitator@walk.example");
    assertThat(m.getSubject()).isEqualTo("Someone would like to join Walk & Talk");
    assertThat(m.getHeader(SmtpEmailSender.IDEMPOTENCY_HEADER, null))
        .isEqualTo(r.getIdempotencyKey());
    assertThat(m.getHeader(SmtpEmailSender.CORRELATION_HEADER, null))
        .isEqualTo(r.getEnvelope().getCorrelationId());
    Multipart parts = (Multipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    String text = (String) parts.getBodyPart(0).getContent();
    String html = (String) parts.getBodyPart(1).getContent();
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(text).contains("<b>Jo</b> has been referred to Walk & Talk");
    assertThat(text).contains("(reference task-email-1)");
    assertThat(html)
        .contains("&lt;b&gt;Jo&lt;/b&gt;")
        .contains("Walk &amp; Talk")
        .doesNotContain("<b>");
    // The facilitator answers from the message: the signed link, shown and clickable.
    assertThat(text)
        .contains("Answer here: https://portal.test/l/eyJraWQiOiJ0In0.eyJzdWIiOiJ0In0.c2ln");
    assertThat(html)
        .contains("<a href=\"https://portal.test/l/eyJraWQiOiJ0In0.eyJzdWIiOiJ0In0.c2ln\">");
    // A field outside the facilitator allowlist never reaches the message.
    assertThat(text + html).doesNotContain("depression");
  }

  @Test
  void redeliveredRequestIsSentOnlyOnce() throws Exception {
    NotificationRequested r =
        Requests.request(
            "ref-email-2",
            Audience.PERSON,
            Channel.EMAIL,
            "person@example.org",
            "person-next-steps",
            Map.of("personFirstName", "Ali", "linkWorkerService", "Hub"));
    Requests.send(kafka.router, r);
    Requests.send(kafka.router, r);
    String id = r.getNotificationId().toString();
    receiptsFor(id);
    // A later request on the same partition proves the repeat was consumed, not still queued.
    NotificationRequested after =
        Requests.request(
            "ref-email-2",
            Audience.PERSON,
            Channel.EMAIL,
            "person@example.org",
            "person-next-steps",
            Map.of("personFirstName", "Ali"));
    Requests.send(kafka.router, after);
    receiptsFor(after.getNotificationId().toString());
    assertThat(mailFor(id)).hasSize(1);
    assertThat(receiptsFor(id)).hasSize(1);
  }

  @Test
  void deadLettersPoisonRecordWithOriginalBytesAndKeepsThePartitionFlowing() throws Exception {
    byte[] poison = "not avro at all".getBytes(StandardCharsets.UTF_8);
    Requests.sendRaw(kafka.router, "ref-poison", poison, new RecordHeaders());
    NotificationRequested next =
        Requests.request(
            "ref-poison",
            Audience.PERSON,
            Channel.EMAIL,
            "after-poison@example.org",
            "person-next-steps",
            Map.of("personFirstName", "Bea"));
    Requests.send(kafka.router, next);

    List<ConsumerRecord<String, byte[]>> dlq =
        deadLetters.awaitRecords(
            recs -> recs.stream().anyMatch(r -> Arrays.equals(r.value(), poison)), WAIT);
    ConsumerRecord<String, byte[]> dead =
        dlq.stream().filter(r -> Arrays.equals(r.value(), poison)).findFirst().orElseThrow();
    assertThat(dead.key()).isEqualTo("ref-poison");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_REASON))
        .startsWith("BAD_MARKER");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_SOURCE))
        .startsWith(Topics.NOTIFICATION_REQUESTS.name() + "-");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_BY)).isEqualTo("notifier");
    assertThat(receiptsFor(next.getNotificationId().toString()).get(0))
        .isInstanceOf(NotificationDelivered.class);
  }

  @Test
  void refusesRequestForUnknownTemplateWithFailedReceiptAndDeadLetter() {
    NotificationRequested r =
        Requests.request(
            "ref-bad-template",
            Audience.FACILITATOR,
            Channel.EMAIL,
            "facilitator@walk.example",
            "no-such-template",
            Map.of());
    Requests.send(kafka.router, r);
    String id = r.getNotificationId().toString();
    SpecificRecord receipt = receiptsFor(id).get(0);
    assertThat(receipt).isInstanceOf(NotificationFailed.class);
    NotificationFailed f = (NotificationFailed) receipt;
    assertThat(f.getReason()).contains("unknown template no-such-template");
    assertThat(f.getDeadLetterTopic()).isEqualTo(Topics.NOTIFIER_DEAD_LETTERS.name());
    byte[] original = Requests.bytes(r);
    deadLetters.awaitRecords(
        recs -> recs.stream().anyMatch(x -> Arrays.equals(x.value(), original)), WAIT);
  }

  @Test
  void exposesHealthToAnyoneAndMetricsToOperatorsOnly() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI base = app.getURI();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(base.resolve("/health/readiness")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP").doesNotContain("details");
    HttpResponse<String> liveness =
        http.send(
            HttpRequest.newBuilder(base.resolve("/health/liveness")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(liveness.body()).doesNotContain("details");

    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(base.resolve("/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer");
    HttpResponse<String> practice =
        http.send(
            HttpRequest.newBuilder(base.resolve("/prometheus"))
                .header("Authorization", "Bearer " + access.token("practice-a81001"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(practice.statusCode()).isEqualTo(403);

    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(base.resolve("/prometheus"))
                .header("Authorization", "Bearer " + access.operator())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("notifier_deliveries").contains("notifier_dead_letters");
    HttpResponse<String> details =
        http.send(
            HttpRequest.newBuilder(base.resolve("/health"))
                .header("Authorization", "Bearer " + access.operator())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(details.body()).contains("details");
  }

  @Test
  void requestsWrittenInTransactionsAreDeliveredAndLeaveIntakeNoLag() throws Exception {
    NotificationRequested aborted =
        Requests.request(
            "ref-email-tx",
            Audience.PERSON,
            Channel.EMAIL,
            "aborted@example.org",
            "person-next-steps",
            Map.of("personFirstName", "Abe"));
    NotificationRequested committed =
        Requests.request(
            "ref-email-tx",
            Audience.PERSON,
            Channel.EMAIL,
            "committed@example.org",
            "person-next-steps",
            Map.of("personFirstName", "Cy"));
    // given a request in a transaction the router aborted, then one in a transaction it committed,
    // each ending in a marker that takes an offset after the request
    try (var router = kafka.transactionalRouter()) {
      Requests.sendInTransaction(router, aborted, false);
      Requests.sendInTransaction(router, committed, true);
    }
    long written = System.nanoTime();

    // then the committed request is delivered, and (so far) nothing went to the aborted one's
    // recipient; intake reads read_committed, so it never sees that request
    assertThat(receiptsFor(committed.getNotificationId().toString()).get(0))
        .isInstanceOf(NotificationDelivered.class);
    assertThat(mailFor(aborted.getNotificationId().toString())).isEmpty();
    // and intake commits past the markers: once it has read everything, no lag at all
    String lag =
        "pathway_kafka_consumer_lag{group=\""
            + groupId
            + "\",topic=\""
            + Topics.NOTIFICATION_REQUESTS.name()
            + "\"}";
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        Prometheus.sample(
                            Prometheus.scrapeReadAfter(app.getURI(), access.operator(), written),
                            lag))
                    .isZero());
  }

  @Test
  void reportsConsumerLagAndDeadLettersReadFromKafka() throws Exception {
    String lag =
        "pathway_kafka_consumer_lag{group=\""
            + groupId
            + "\",topic=\""
            + Topics.NOTIFICATION_REQUESTS.name()
            + "\"}";
    String dead = "pathway_dead_letters{topic=\"" + Topics.NOTIFIER_DEAD_LETTERS.name() + "\"}";
    // given a poison record, which intake dead-letters and commits past
    byte[] poison = "not avro either".getBytes(StandardCharsets.UTF_8);
    Requests.sendRaw(kafka.router, "ref-metrics-poison", poison, new RecordHeaders());
    long written = System.nanoTime();
    deadLetters.awaitRecords(
        recs -> recs.stream().anyMatch(r -> Arrays.equals(r.value(), poison)), WAIT);

    // then /prometheus shows it on the dead-letter topic and, once intake has read all, no lag
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String body = Prometheus.scrapeReadAfter(app.getURI(), access.operator(), written);
              assertThat(Prometheus.sample(body, dead)).isGreaterThanOrEqualTo(1.0);
              assertThat(Prometheus.sample(body, lag)).isZero();
            });
  }
}
