package org.pathway.notifier.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import org.pathway.notifier.support.TopicProbe;
import org.pathway.testsupport.database.TestDatabase;

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
    Path classpathFile = target.resolve("runtime-classpath.txt");
    assertThat(classpathFile)
        .as(
            "written by maven-dependency-plugin in prepare-package; run this test through `mvn verify`")
        .exists();
    String classpath =
        target.resolve("classes").toAbsolutePath()
            + File.pathSeparator
            + Files.readString(classpathFile).trim();

    try (TestKafka kafka = new TestKafka();
        TestDatabase db = TestDatabase.create("notifier");
        TopicProbe receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name())) {
      GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      smtp.start();
      try {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(classpath);
        command.add("-Dmicronaut.server.port=-1");
        command.add("-Dpathway.kafka.bootstrap-servers=" + kafka.bootstrap());
        command.add("-Dpathway.kafka.group-id=notifier-kill9-" + UUID.randomUUID());
        command.add("-Ddatasources.default.url=" + db.url());
        command.add("-Ddatasources.default.username=" + db.username());
        command.add("-Ddatasources.default.password=" + db.password());
        command.add("-Dnotifier.email.host=127.0.0.1");
        command.add("-Dnotifier.email.port=" + smtp.getSmtp().getPort());
        command.add("-Dnotifier.email.timeout=1s");
        command.add("-Dnotifier.webhook.timeout=1s");
        command.add("-Dnotifier.fhir.timeout=1s");
        command.add("-Dnotifier.retry.lease=3s");
        // A killed member's partitions move after this; the broker's default 45s only slows the
        // test.
        command.add("-Dpathway.kafka.session-timeout=6s");
        command.add("-Dnotifier.retry.initial-backoff=200ms");
        command.add("-Dnotifier.worker.poll-interval=100ms");
        command.add("-Dnotifier.worker.threads=4");
        command.add("org.pathway.notifier.Application");

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
          Process p = start(command, target, ++run);
          int threshold = smtp.getReceivedMessages().length + 25;
          while (smtp.getReceivedMessages().length < threshold && p.isAlive()) {
            Thread.sleep(5);
          }
          assertThat(p.isAlive())
              .as("notifier process %d died on its own; see its log", run)
              .isTrue();
          new ProcessBuilder("kill", "-9", Long.toString(p.pid())).inheritIO().start().waitFor();
          p.waitFor();
          receivedAtKill.add(smtp.getReceivedMessages().length);
        }
        Process last = start(command, target, ++run);
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
          last.destroy();
          last.waitFor();
        }
      } finally {
        smtp.stop();
      }
    }
  }

  private static Process start(List<String> command, Path target, int run) throws Exception {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(target.resolve("kill9-notifier-" + run + ".log").toFile())
        .start();
  }
}
