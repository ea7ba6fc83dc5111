package org.pathway.notifier.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.OperatorTokens;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * Offsets move only once a request is durable: every commit waits for its flush, and with the
 * database gone nothing is acknowledged.
 */
class IntakeDurabilityIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void commitsNothingWhileTheDatabaseIsGoneAndCatchesUpAfterwards() throws Exception {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    String group = "notifier-" + UUID.randomUUID();
    try (OperatorTokens access = new OperatorTokens();
        TestKafka kafka = new TestKafka();
        TestDatabase db = TestDatabase.create("notifier");
        TopicTail receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name());
        Admin admin =
            Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
      // As embedded PostgreSQL (dev mode) defaults to, whatever this server's own default
      db.commitWithoutFlushByDefault();
      Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
      p.put("pathway.kafka.group-id", group);
      p.put("pathway.smtp.port", smtp.getSmtp().getPort());
      p.put("datasources.default.connection-timeout", 1000);
      p.putAll(access.properties());
      EmbeddedServer app = NotifierApp.start(p);
      try {
        // A request is durable before its offset moves: every commit waits for its flush
        try (Connection session =
            app.getApplicationContext().getBean(DataSource.class).getConnection()) {
          assertThat(TestDatabase.synchronousCommit(session)).isEqualTo("on");
        }
        NotificationRequested before = email("before");
        Requests.send(kafka.router, before);
        awaitDelivered(receipts, Set.of(before));
        await().atMost(WAIT).until(() -> committed(admin, group) == 1);

        db.cutOff();
        List<NotificationRequested> during = List.of(email("during-1"), email("during-2"));
        for (NotificationRequested r : during) {
          Requests.send(kafka.router, r);
        }
        // Intake has read them and failed to record them: it says so, and commits nothing.
        await()
            .atMost(WAIT)
            .until(() -> health(app, access.operator()).contains("\"intake\":\"DOWN\""));
        assertThat(committed(admin, group)).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        db.restore();
        awaitDelivered(receipts, Set.copyOf(during));
        await().atMost(WAIT).until(() -> committed(admin, group) == 3);
        assertThat(smtp.getReceivedMessages()).hasSize(3);
        await().atMost(WAIT).until(() -> health(app, access.operator()).startsWith("200 "));
      } finally {
        app.close();
      }
    } finally {
      smtp.stop();
    }
  }

  private static NotificationRequested email(String who) {
    return Requests.request(
        "ref-durable-" + who,
        Audience.PERSON,
        Channel.EMAIL,
        who + "@example.org",
        "person-next-steps",
        Map.of("personFirstName", who));
  }

  private static void awaitDelivered(TopicTail receipts, Set<NotificationRequested> wanted) {
    Set<String> ids =
        wanted.stream().map(r -> r.getNotificationId().toString()).collect(Collectors.toSet());
    receipts.awaitEvents(
        evs ->
            evs.stream()
                .filter(e -> e instanceof NotificationDelivered)
                .map(e -> ((NotificationDelivered) e).getNotificationId().toString())
                .collect(Collectors.toSet())
                .containsAll(ids),
        WAIT);
  }

  private static long committed(Admin admin, String group) throws Exception {
    Map<?, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.values().stream()
        .filter(o -> o != null)
        .mapToLong(OffsetAndMetadata::offset)
        .sum();
  }

  /** The health answer with its details, which only an operator sees. */
  private static String health(EmbeddedServer app, String operatorToken) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(app.getURI().resolve("/health"))
                    .header("Authorization", "Bearer " + operatorToken)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }
}
