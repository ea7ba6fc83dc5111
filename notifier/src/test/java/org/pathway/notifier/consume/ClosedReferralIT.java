package org.pathway.notifier.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.localkafka.FreePorts;
import org.pathway.notifier.channel.email.SmtpEmailSender;
import org.pathway.notifier.channel.webhook.WebhookSignature;
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.OperatorTokens;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * S7 at the last hop: once the ledger announces a referral closed because the person withdrew
 * consent, a facilitator webhook already queued for retry is never sent, even after the endpoint
 * recovers; only the router's answer to the closure itself (the withdrawal notice) still goes. The
 * same holds for a facilitator's email retrying while the mail server is down (issue 17's
 * must-show).
 */
class ClosedReferralIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SECRET_REF = "walking-group";
  private static final String SECRET = "s3cret-" + UUID.randomUUID();

  static TestKafka kafka;
  static OperatorTokens access;
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

  @Test
  void neverSendsAQueuedFacilitatorWebhookOnceThePersonWithdrewConsent() throws Exception {
    String referral = "ref-withdrawn-" + UUID.randomUUID();
    String path = "/hooks/walking-group";
    receiver.answer(path, 503);
    try (TestDatabase db = TestDatabase.create("notifier")) {
      Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
      p.put("pathway.secrets." + SECRET_REF, SECRET);
      p.put("pathway.secret-hosts." + SECRET_REF, "127.0.0.1");
      p.put("pathway.smtp.port", 1);
      p.putAll(access.properties());
      try (EmbeddedServer notifier = NotifierApp.start(p)) {
        // given a facilitator's webhook about the person, retrying against an endpoint that fails
        NotificationRequested queued =
            facilitator(referral, path, NotificationTemplates.FACILITATOR_NEW_MEMBER.id(), null);
        Requests.send(kafka.router, queued);
        await().atMost(WAIT).until(() -> callsWithKey(path, queued).size() >= 2);

        // when the ledger announces the referral closed: the person withdrew consent
        ReferralCancelled closed = consentWithdrawn(referral);
        publish(closed);
        // and the router then tells the group once (caused by the closure), and, out of turn,
        // a reminder about the person arrives that the closure did not cause
        NotificationRequested notice =
            facilitator(
                referral,
                path,
                NotificationTemplates.FACILITATOR_REFERRAL_CANCELLED.id(),
                closed.getEnvelope().getEventId().toString());
        NotificationRequested late =
            facilitator(referral, path, NotificationTemplates.FACILITATOR_REMINDER.id(), null);
        Requests.send(kafka.router, notice);
        Requests.send(kafka.router, late);

        // the queued webhook is withheld (the notice, behind it in order, is being tried)...
        await().atMost(WAIT).until(() -> !callsWithKey(path, notice).isEmpty());
        int queuedTries = callsWithKey(path, queued).size();
        // ...and the endpoint recovers
        receiver.answer(path, 202);

        // then the withdrawal notice is delivered, once
        await()
            .atMost(WAIT)
            .until(
                () ->
                    receipts.events(NotificationDelivered.class).stream()
                        .anyMatch(d -> d.getNotificationId().equals(notice.getNotificationId())));
        await().atMost(WAIT).until(() -> status(db, late).equals("WITHHELD"));
        assertThat(callsWithKey(path, notice).stream().filter(c -> c.answered() == 202)).hasSize(1);
        // and neither the queued webhook nor the late reminder ever reached the group after it
        // recovered: both are withheld for good, with no receipt and no dead letter
        assertThat(status(db, queued)).isEqualTo("WITHHELD");
        assertThat(callsWithKey(path, queued)).hasSize(queuedTries);
        assertThat(callsWithKey(path, queued)).allMatch(c -> c.answered() == 503);
        assertThat(callsWithKey(path, late)).isEmpty();
        List<SpecificRecord> receipted =
            receipts.decoded().stream().map(r -> (SpecificRecord) r.value()).toList();
        assertThat(receipted)
            .noneMatch(e -> concerns(e, queued.getNotificationId()))
            .noneMatch(e -> concerns(e, late.getNotificationId()));
        assertThat(deadLetters.records()).isEmpty();
        assertThat(closure(db, referral)).isEqualTo(CodeSystems.CONSENT_WITHDRAWN);
      }
    }
  }

  @Test
  void neverSendsAFacilitatorEmailQueuedForRetryOnceThePersonWithdrewConsent() throws Exception {
    String referral = "ref-withdrawn-email-" + UUID.randomUUID();
    String address = "walking-group@example.org";
    // the mail server is down: nothing listens on its port until the test starts it there
    int smtpPort = FreePorts.next();
    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    try (TestDatabase db = TestDatabase.create("notifier")) {
      Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
      p.put("pathway.smtp.host", "127.0.0.1");
      p.put("pathway.smtp.port", smtpPort);
      p.put("pathway.smtp.timeout", "1s");
      p.putAll(access.properties());
      try (EmbeddedServer notifier = NotifierApp.start(p)) {
        // given a facilitator's email about the person, retrying while the mail server is down
        NotificationRequested queued =
            facilitatorEmail(referral, address, NotificationTemplates.FACILITATOR_NEW_MEMBER, null);
        Requests.send(kafka.router, queued);
        await().atMost(WAIT).until(() -> attempts(db, queued) >= 2);
        assertThat(status(db, queued)).isIn("PENDING", "SENDING");

        // when the ledger announces the referral closed because the person withdrew consent, and
        // the router tells the group once (the notice's cause is the closure)
        ReferralCancelled closed = consentWithdrawn(referral);
        publish(closed);
        NotificationRequested notice =
            facilitatorEmail(
                referral,
                address,
                NotificationTemplates.FACILITATOR_REFERRAL_CANCELLED,
                closed.getEnvelope().getEventId().toString());
        Requests.send(kafka.router, notice);

        // the queued email is withheld at its next try and the notice behind it is being tried...
        await().atMost(WAIT).until(() -> status(db, queued).equals("WITHHELD"));
        await().atMost(WAIT).until(() -> attempts(db, notice) >= 1);
        int queuedTries = attempts(db, queued);
        // ...and then the mail server comes back
        smtp.start();

        // then the withdrawal notice arrives, once, and the queued email never does
        await().atMost(WAIT).until(() -> status(db, notice).equals("DELIVERED"));
        assertThat(mailFor(smtp, notice)).hasSize(1);
        assertThat(mailFor(smtp, queued)).isEmpty();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(status(db, queued)).isEqualTo("WITHHELD");
        assertThat(attempts(db, queued)).isEqualTo(queuedTries);
        List<SpecificRecord> receipted =
            receipts.decoded().stream().map(r -> (SpecificRecord) r.value()).toList();
        assertThat(receipted).noneMatch(e -> concerns(e, queued.getNotificationId()));
        assertThat(deadLetters.records()).isEmpty();
        assertThat(closure(db, referral)).isEqualTo(CodeSystems.CONSENT_WITHDRAWN);
      }
    } finally {
      smtp.stop();
    }
  }

  @Test
  void goesOnSendingAboutAReferralWhenOnlyAnOnwardReferralWasCancelled() throws Exception {
    String referral = "ref-onward-cancelled-" + UUID.randomUUID();
    String path = "/hooks/other-group";
    receiver.answer(path, 503);
    try (TestDatabase db = TestDatabase.create("notifier")) {
      Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
      p.put("pathway.secrets." + SECRET_REF, SECRET);
      p.put("pathway.secret-hosts." + SECRET_REF, "127.0.0.1");
      p.put("pathway.smtp.port", 1);
      p.putAll(access.properties());
      try (EmbeddedServer notifier = NotifierApp.start(p)) {
        // given a webhook to the next group retrying, after the link worker cancelled the
        // first group's Task alone (an onward referral, not the referral)
        NotificationRequested next =
            facilitator(referral, path, NotificationTemplates.FACILITATOR_NEW_MEMBER.id(), null);
        Requests.send(kafka.router, next);
        await().atMost(WAIT).until(() -> !callsWithKey(path, next).isEmpty());
        ReferralCancelled onwardOnly = consentWithdrawn(referral);
        onwardOnly.setServiceRequestId("onward-" + referral);
        onwardOnly.setReason(new Coding(null, "group-full", "Group full"));
        publish(onwardOnly);
        // and a closure of another referral, written after it to the same partition, shows the
        // onward cancellation was read
        ReferralCancelled other = consentWithdrawn("other-" + referral);
        publish(other, referral);
        await().atMost(WAIT).until(() -> !closure(db, "other-" + referral).isEmpty());

        // when the endpoint recovers
        receiver.answer(path, 202);

        // then the webhook is delivered: the referral was not closed
        await().atMost(WAIT).until(() -> status(db, next).equals("DELIVERED"));
        assertThat(closure(db, referral)).isEmpty();
      }
    }
  }

  private static NotificationRequested facilitator(
      String referral, String path, String template, String causationId) {
    NotificationRequested r =
        Requests.request(
            referral,
            Audience.FACILITATOR,
            Channel.WEBHOOK,
            receiver.url(path),
            SECRET_REF,
            "task-group-" + referral,
            template,
            Map.of("personFirstName", "Sam", "groupName", "Walking group", "taskId", "task-1"));
    r.getEnvelope().setCausationId(causationId);
    return r;
  }

  private static NotificationRequested facilitatorEmail(
      String referral, String address, NotificationTemplate template, String causationId) {
    NotificationRequested r =
        Requests.request(
            referral,
            Audience.FACILITATOR,
            Channel.EMAIL,
            address,
            null,
            "task-group-" + referral,
            template.id(),
            Map.of("personFirstName", "Sam", "groupName", "Walking group", "taskId", "task-1"));
    r.getEnvelope().setCausationId(causationId);
    return r;
  }

  private static List<MimeMessage> mailFor(GreenMail smtp, NotificationRequested r) {
    String id = r.getNotificationId().toString();
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return id.equals(m.getHeader(SmtpEmailSender.NOTIFICATION_HEADER, null));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static int attempts(TestDatabase db, NotificationRequested r) throws Exception {
    String n =
        one(
            db,
            "select attempts from delivery where notification_id = ?",
            r.getNotificationId().toString());
    return n.isEmpty() ? 0 : Integer.parseInt(n);
  }

  private static List<WebhookReceiver.Call> callsWithKey(String path, NotificationRequested r) {
    return receiver.calls(path).stream()
        .filter(c -> r.getIdempotencyKey().equals(c.header("Idempotency-Key")))
        .toList();
  }

  private static boolean concerns(SpecificRecord e, UUID id) {
    return (e instanceof NotificationDelivered d && d.getNotificationId().equals(id))
        || (e instanceof NotificationFailed f && f.getNotificationId().equals(id));
  }

  private static ReferralCancelled consentWithdrawn(String referral) {
    return ReferralCancelled.newBuilder()
        .setEnvelope(
            EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now())
                .setReferralId(referral)
                .setCorrelationId("corr-" + referral)
                .setProducer("fhir-adapter")
                .build())
        .setServiceRequestId(referral)
        .setTaskId("task-" + referral)
        .setCascadedTaskIds(List.of("task-group-" + referral))
        .setReason(
            new Coding(
                CodeSystems.TASK_STATUS_REASON,
                CodeSystems.CONSENT_WITHDRAWN,
                CodeSystems.CONSENT_WITHDRAWN_DISPLAY))
        .setCancelledBy(
            new Actor(ActorKind.LINK_WORKER_SERVICE, "HealthcareService/lw", null, "Hub"))
        .build();
  }

  private static void publish(ReferralCancelled event) throws Exception {
    publish(event, event.getEnvelope().getReferralId());
  }

  /** Publishes under {@code key}: one key, one partition, read in the order written. */
  private static void publish(ReferralCancelled event, String key) throws Exception {
    String topic = Topics.REFERRAL_EVENTS.name();
    RecordHeaders headers = new RecordHeaders();
    byte[] value = new EventSerializer().serialize(topic, headers, event);
    kafka
        .router
        .send(
            new ProducerRecord<>(topic, null, event.getEnvelope().getReferralId(), value, headers))
        .get(30, TimeUnit.SECONDS);
  }

  private static String status(TestDatabase db, NotificationRequested r) throws Exception {
    return one(
        db,
        "select status from delivery where notification_id = ?",
        r.getNotificationId().toString());
  }

  private static String closure(TestDatabase db, String referral) throws Exception {
    return one(db, "select reason_code from referral_closure where referral_id = ?", referral);
  }

  private static String one(TestDatabase db, String sql, String arg) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    }
  }
}
