package org.pathway.notifier.channel.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.NotifyContractServer;
import org.pathway.notifier.support.NotifyContractServer.Accepted;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import uk.gov.service.notify.NotificationClient;
import uk.gov.service.notify.NotificationClientException;

/**
 * SMS and email through GOV.UK Notify's official client, against a server built to Notify's
 * contract.
 */
class NotifyChannelIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  static TestKafka kafka;
  static TestDatabase db;
  static NotifyContractServer notify;
  static EmbeddedServer app;
  static TopicTail receipts;

  @BeforeAll
  static void start() throws Exception {
    kafka = new TestKafka();
    db = TestDatabase.create("notifier");
    notify = new NotifyContractServer();
    Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
    p.put("pathway.email.provider", "notify");
    p.put("pathway.notify.base-url", notify.baseUrl());
    p.put("pathway.notify.api-key", notify.apiKey());
    p.put("pathway.notify.email-template-id", notify.emailTemplateId);
    p.put("pathway.notify.sms-template-id", notify.smsTemplateId);
    app = NotifierApp.start(p);
    receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name());
  }

  @AfterAll
  static void stop() {
    receipts.close();
    app.close();
    notify.close();
    kafka.close();
    db.close();
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

  private static Accepted acceptedFor(NotificationRequested r) {
    List<Accepted> matching =
        notify.accepted().stream()
            .filter(a -> r.getIdempotencyKey().equals(a.reference()))
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  @Test
  void sendsSmsThroughNotifyWithTheRenderedMessage() {
    NotificationRequested r =
        Requests.request(
            "ref-sms-1",
            Audience.PERSON,
            Channel.SMS,
            "07700900123",
            "person-next-steps",
            Map.of(
                "personFirstName",
                "Dee",
                "linkWorkerService",
                "Pathway Hub",
                "contactWithin",
                "within 5 days"));
    Requests.send(kafka.router, r);
    NotificationDelivered d = (NotificationDelivered) receiptFor(r);
    Accepted a = acceptedFor(r);
    assertThat(a.type()).isEqualTo("sms");
    assertThat(a.to()).isEqualTo("07700900123");
    assertThat(a.body()).contains("Hello Dee").contains("Pathway Hub").contains("within 5 days");
    assertThat(d.getProviderReference()).isEqualTo(a.id());
    assertThat(d.getChannel()).isEqualTo(Channel.SMS);
  }

  @Test
  void aFacilitatorsSmsCarriesTheLinkToAnswerWith() {
    NotificationRequested r =
        Requests.request(
            "ref-sms-link",
            Audience.FACILITATOR,
            Channel.SMS,
            "07700900124",
            "facilitator-reminder",
            Map.of(
                "personFirstName",
                "Gil",
                "groupName",
                "Allotment Club",
                "respondUrl",
                "https://portal.test/l/eyJ.eyJ.sig"));
    Requests.send(kafka.router, r);
    assertThat(receiptFor(r)).isInstanceOf(NotificationDelivered.class);
    Accepted a = acceptedFor(r);
    assertThat(a.type()).isEqualTo("sms");
    assertThat(a.body()).contains("Answer here: https://portal.test/l/eyJ.eyJ.sig");
  }

  @Test
  void sendsEmailThroughNotifyAndRetriesNotifyInternalErrors() {
    notify.failNext(2);
    NotificationRequested r =
        Requests.request(
            "ref-notify-email",
            Audience.FACILITATOR,
            Channel.EMAIL,
            "fac@group.example",
            "facilitator-reminder",
            Map.of("personFirstName", "Eve", "groupName", "Allotment Club"));
    Requests.send(kafka.router, r);
    NotificationDelivered d = (NotificationDelivered) receiptFor(r);
    assertThat(d.getAttempts()).isEqualTo(3);
    Accepted a = acceptedFor(r);
    assertThat(a.type()).isEqualTo("email");
    assertThat(a.subject()).isEqualTo("Reminder: Eve is waiting to hear from Allotment Club");
  }

  @Test
  void refusesAnInvalidPhoneNumberOnNotifysValidationError() {
    NotificationRequested r =
        Requests.request(
            "ref-sms-bad",
            Audience.PERSON,
            Channel.SMS,
            "12345",
            "person-next-steps",
            Map.of("personFirstName", "Fay"));
    Requests.send(kafka.router, r);
    NotificationFailed f = (NotificationFailed) receiptFor(r);
    assertThat(f.getAttempts()).hasSize(1);
    assertThat(f.getReason()).contains("400").contains("Not a UK mobile number");
  }

  @Test
  void contractServerRefusesBadCredentialsAndStaleTokensAsNotifyDoes() throws Exception {
    NotificationClient wrongSecret =
        new NotificationClient(
            "pathway_test-" + notify.serviceId + "-00000000-0000-0000-0000-000000000000",
            notify.baseUrl());
    assertThatThrownBy(
            () ->
                wrongSecret.sendSms(notify.smsTemplateId, "07700900123", Map.of("body", "x"), null))
        .isInstanceOf(NotificationClientException.class)
        .satisfies(
            e -> assertThat(((NotificationClientException) e).getHttpResult()).isEqualTo(403))
        .hasMessageContaining("Invalid token");

    String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String claims =
        b64(
            "{\"iss\":\""
                + notify.serviceId
                + "\",\"iat\":"
                + (Instant.now().getEpochSecond() - 60)
                + "}");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(notify.secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
    HttpResponse<String> stale =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(notify.baseUrl() + "/v2/notifications/sms"))
                    .header("Authorization", "Bearer " + header + "." + claims + "." + sig)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"phone_number\":\"07700900123\",\"template_id\":\""
                                + notify.smsTemplateId
                                + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(stale.statusCode()).isEqualTo(403);
    assertThat(stale.body())
        .contains("\"status_code\":403")
        .contains("AuthError")
        .contains("system clock must be accurate to within 30 seconds");
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
