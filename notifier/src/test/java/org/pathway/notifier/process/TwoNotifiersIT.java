package org.pathway.notifier.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.channel.webhook.WebhookSignature;
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.OperatorTokens;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * Two notifier replicas on one delivery log and one consumer group, as a scaled-out deployment runs
 * them: the requests are shared between their intakes, both workers claim from the one log, and
 * each notification reaches its endpoint once, in order per referral, with one receipt.
 */
class TwoNotifiersIT {

  private static final int REFERRALS = 20;
  private static final int PER_REFERRAL = 10;
  private static final String SECRET_REF = "hooks";

  @Test
  void twoReplicasDeliverEachNotificationOnceInOrderPerReferral() throws Exception {
    String secret = "s3cret-" + UUID.randomUUID();
    try (OperatorTokens access = new OperatorTokens();
        TestKafka kafka = new TestKafka();
        TestDatabase db = TestDatabase.create("two_notifiers");
        TopicTail receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name());
        WebhookReceiver receiver =
            WebhookReceiver.start(
                (headers, body) ->
                    WebhookSignature.verify(secret, headers::getFirst, body, Instant.now()))) {
      Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
      p.put("pathway.kafka.group-id", "notifier-" + UUID.randomUUID());
      p.put("pathway.secrets." + SECRET_REF, secret);
      p.put("pathway.secret-hosts." + SECRET_REF, "127.0.0.1");
      p.put("pathway.smtp.port", 1);
      p.put("pathway.worker.threads", "4");
      p.putAll(access.properties());
      EmbeddedServer first = NotifierApp.start(p);
      EmbeddedServer second = NotifierApp.start(p);
      List<NotificationRequested> sent = new ArrayList<>();
      try {
        // given requests for twenty referrals, ten each, written as the router writes them
        for (int i = 0; i < PER_REFERRAL; i++) {
          for (int r = 0; r < REFERRALS; r++) {
            NotificationRequested request =
                Requests.request(
                    "ref-two-" + r,
                    Audience.LINK_WORKER,
                    Channel.WEBHOOK,
                    receiver.url("/hooks/" + r),
                    SECRET_REF,
                    "task-" + r,
                    "link-worker-new-referral",
                    Map.of("recipientName", "Hub", "personName", "Person " + i));
            sent.add(request);
            Requests.send(kafka.router, request);
          }
        }

        // when both replicas have worked through them
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    receipts.events(NotificationDelivered.class).stream()
                            .map(d -> d.getNotificationId().toString())
                            .distinct()
                            .count()
                        >= sent.size());
      } finally {
        first.close();
        second.close();
      }

      // then each reached its endpoint once, with one receipt, in the order sent per referral
      Map<String, Long> callsByKey =
          receiver.calls().stream()
              .filter(c -> c.answered() == 200)
              .collect(
                  Collectors.groupingBy(
                      c -> c.header(WebhookSignature.IDEMPOTENCY_HEADER), Collectors.counting()));
      assertThat(callsByKey).hasSize(sent.size());
      assertThat(callsByKey.values()).as("calls per idempotency key").containsOnly(1L);
      assertThat(
              receipts.events(NotificationDelivered.class).stream()
                  .collect(
                      Collectors.groupingBy(
                          d -> d.getNotificationId().toString(), Collectors.counting())))
          .as("distinct receipts")
          .hasSize(sent.size());
      for (int r = 0; r < REFERRALS; r++) {
        String path = "/hooks/" + r;
        String referral = "ref-two-" + r;
        assertThat(
                receiver.calls(path).stream()
                    .map(c -> c.header(WebhookSignature.IDEMPOTENCY_HEADER))
                    .toList())
            .as("deliveries to " + path)
            .containsExactlyElementsOf(
                sent.stream()
                    .filter(s -> s.getEnvelope().getReferralId().equals(referral))
                    .map(NotificationRequested::getIdempotencyKey)
                    .toList());
      }
    }
  }
}
