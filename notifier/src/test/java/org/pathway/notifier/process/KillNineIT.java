package org.pathway.notifier.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.channel.email.SmtpEmailSender;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * Reliability R1 for the notifier: the notifier runs as its own JVM and is killed with {@code kill
 * -9} twice while N emails are going out, then restarted. Nothing may be lost; every duplicate send
 * must be flagged as an in-doubt resend. The figures go to {@code target/kill9-report.txt}.
 */
class KillNineIT {

  private static final int N = 400;
  private static final int KILLS = 2;
  private static final Duration WAIT = Duration.ofMinutes(3);

  @Test
  void killNineMidDeliveryLosesNothingAndFlagsEveryDuplicate() throws Exception {
    Path target = Path.of("target");
    try (TestKafka kafka = TestKafka.ownBroker();
        TestDatabase db = TestDatabase.create("notifier");
        TopicTail receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name())) {
      GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      smtp.start();
      try {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("micronaut.server.port", "-1");
        properties.put("pathway.kafka.bootstrap-servers", kafka.bootstrap());
        properties.put("pathway.kafka.group-id", "notifier-kill9-" + UUID.randomUUID());
        properties.put("datasources.default.url", db.url());
        properties.put("datasources.default.username", db.username());
        properties.put("datasources.default.password", db.password());
        properties.put("pathway.smtp.host", "127.0.0.1");
        properties.put("pathway.smtp.port", "" + smtp.getSmtp().getPort());
        properties.put("pathway.smtp.timeout", "1s");
        properties.put("pathway.webhook.timeout", "1s");
        properties.put("pathway.fhir.timeout", "1s");
        properties.put("pathway.retry.lease", "3s");
        // A killed member's partitions move after this; the broker's default 45s only slows the
        // test.
        properties.put("pathway.kafka.session-timeout", "6s");
        properties.put("pathway.retry.initial-backoff", "200ms");
        properties.put("pathway.worker.poll-interval", "100ms");
        properties.put("pathway.worker.threads", "4");

        List<NotificationRequested> sent = new ArrayList<>();
        for (int i = 0; i < N; i++) {
          sent.add(
              Requests.request(
                  "ref-kill9-" + (i % 40),
                  Audience.PERSON,
                  Channel.EMAIL,
                  "person" + i + "@example.org",
                  "person-next-steps",
                  Map.of("personFirstName", "P" + i, "linkWorkerService", "Hub")));
        }
        for (NotificationRequested r : sent) {
          Requests.send(kafka.router, r);
        }

        List<Integer> receivedAtKill = new ArrayList<>();
        int run = 0;
        for (int k = 0; k < KILLS; k++) {
          ServiceJvm p = start(properties, target, ++run);
          int threshold = smtp.getReceivedMessages().length + 25;
          while (smtp.getReceivedMessages().length < threshold && p.isAlive()) {
            Thread.sleep(5);
          }
          assertThat(p.isAlive())
              .as("notifier process %d died on its own; see its log", run)
              .isTrue();
          p.kill();
          receivedAtKill.add(smtp.getReceivedMessages().length);
        }
        ServiceJvm last = start(properties, target, ++run);
        try {
          Set<String> deliveredIds = new HashSet<>();
          Set<String> flagged = new HashSet<>();
          EventDeserializer d = new EventDeserializer();
          receipts.awaitRecords(
              recs -> {
                for (ConsumerRecord<String, byte[]> rec : recs) {
                  SpecificRecord e = d.deserialize(rec.topic(), rec.headers(), rec.value());
                  if (e instanceof NotificationDelivered nd) {
                    deliveredIds.add(nd.getNotificationId().toString());
                    if (nd.getResentInDoubt()) {
                      flagged.add(nd.getNotificationId().toString());
                    }
                  }
                }
                return deliveredIds.size() >= N;
              },
              WAIT);

          Map<String, Integer> sendsPerId = new HashMap<>();
          for (MimeMessage m : smtp.getReceivedMessages()) {
            sendsPerId.merge(
                m.getHeader(SmtpEmailSender.NOTIFICATION_HEADER, null), 1, Integer::sum);
          }
          Set<String> expected = new HashSet<>();
          sent.forEach(r -> expected.add(r.getNotificationId().toString()));
          Set<String> lost = new HashSet<>(expected);
          lost.removeAll(sendsPerId.keySet());
          int total = sendsPerId.values().stream().mapToInt(Integer::intValue).sum();
          Set<String> duplicated = new HashSet<>();
          sendsPerId.forEach(
              (id, n) -> {
                if (n > 1) {
                  duplicated.add(id);
                }
              });
          String report =
              String.format(
                  "kill -9 test: N=%d requests, %d kills (emails received at each kill: %s)%n"
                      + "emails received=%d distinct=%d lost=%d duplicate sends=%d"
                      + " (notifications duplicated=%d) receipts flagged resentInDoubt=%d%n",
                  N,
                  KILLS,
                  receivedAtKill,
                  total,
                  sendsPerId.size(),
                  lost.size(),
                  total - sendsPerId.size(),
                  duplicated.size(),
                  flagged.size());
          System.out.print(report);
          Files.writeString(target.resolve("kill9-report.txt"), report);

          assertThat(lost).as("notifications never sent").isEmpty();
          assertThat(deliveredIds).containsAll(expected);
          assertThat(receivedAtKill).allMatch(n -> n < N);
          // Every duplicate is known: its receipt says the resend was in doubt.
          assertThat(flagged).containsAll(duplicated);
          assertThat(sendsPerId.keySet()).isEqualTo(expected);
        } finally {
          last.close();
        }
      } finally {
        smtp.stop();
      }
    }
  }

  /** The notifier in its own JVM, from this module's build (written in prepare-package). */
  private static ServiceJvm start(Map<String, String> properties, Path target, int run) {
    return ServiceJvm.of("org.pathway.notifier.Application")
        .classpathOf(Path.of(""))
        .name("notifier run " + run)
        .systemProperties(properties)
        .log(target.resolve("kill9-notifier-" + run + ".log"))
        .start();
  }
}
