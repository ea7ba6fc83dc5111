package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.tokens.AccessTokens;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.FreePorts;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * R1 for the adapter: a load driver POSTs referrals and records every 2xx while the adapter process
 * is killed with SIGKILL; after a restart and the GP's retries of what was not acknowledged, every
 * acknowledged referral's event is on Kafka and no referral is in the ledger twice.
 */
class KillNineIT {

  static final int N = 300;
  static final ClientRegistry CLIENTS = ClientRegistry.load(List.of(Adapter.CLIENTS));
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyAcknowledgedReferralSurvivesKillNineExactlyOnceInTheLedger() throws Exception {
    try (var kafka = KafkaClusters.forTests();
        var db = TestDatabase.create("fhir_adapter")) {
      kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
      int fhirPort = FreePorts.next();
      List<String> bodies = new ArrayList<>();
      List<String> identifiers = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        ServiceRequest sr = Fixtures.referral();
        identifiers.add(sr.getIdentifierFirstRep().getValue());
        bodies.add(Fixtures.FHIR.newJsonParser().encodeResourceToString(sr));
      }
      String base = "http://127.0.0.1:" + fhirPort + "/fhir";
      Set<Integer> acked = ConcurrentHashMap.newKeySet();

      // given the adapter in its own JVM, under load from 8 GP connections
      ServiceJvm adapter = launch(db, kafka.bootstrapServers(), fhirPort, 1);
      try {
        adapter.awaitReady(base + "/metadata", Duration.ofSeconds(120));
        AtomicInteger next = new AtomicInteger();
        ExecutorService driver = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
          driver.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < N) {
                  if (post(base, bodies.get(i))) {
                    acked.add(i);
                  }
                }
              });
        }
        // when it is killed with SIGKILL part-way through
        await().atMost(Duration.ofSeconds(120)).until(() -> acked.size() >= N / 3);
        adapter.kill();
        driver.shutdown();
        assertThat(driver.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        adapter.kill();
      }
      Set<Integer> ackedBeforeKill = new HashSet<>(acked);
      assertThat(ackedBeforeKill.size()).isLessThan(N);

      // and restarted, and the GP retries everything it holds no acknowledgement for
      ServiceJvm restarted = launch(db, kafka.bootstrapServers(), fhirPort, 2);
      try {
        restarted.awaitReady(base + "/metadata", Duration.ofSeconds(120));
        for (int i = 0; i < N; i++) {
          if (!acked.contains(i)) {
            int index = i;
            await().atMost(Duration.ofSeconds(30)).until(() -> post(base, bodies.get(index)));
          }
        }
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> scalar(db, "SELECT count(*) FROM outbox_pending") == 0);
      } finally {
        restarted.close();
      }

      // then every referral is in the ledger exactly once
      assertThat(scalar(db, "SELECT count(*) FROM referral")).isEqualTo(N);
      assertThat(
              scalar(
                  db,
                  "SELECT count(*) FROM (SELECT identifier_value FROM referral"
                      + " GROUP BY identifier_value HAVING count(*) > 1) d"))
          .isZero();
      // and every acknowledged referral's event is on Kafka
      Set<String> announced = new HashSet<>();
      try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
        events.toEnd().stream()
            .filter(r -> r.value() instanceof ReferralReceived)
            .forEach(
                r ->
                    announced.add(
                        ((ReferralReceived) r.value()).getBusinessIdentifier().getValue()));
      }
      for (int i : ackedBeforeKill) {
        assertThat(announced).contains(identifiers.get(i));
      }
      assertThat(announced).containsAll(identifiers);
    }
  }

  static ServiceJvm launch(TestDatabase db, String bootstrap, int fhirPort, int run)
      throws Exception {
    return ServiceJvm.of("org.pathway.fhiradapter.Application")
        .classpathOf(Path.of(""))
        .name("fhir-adapter run " + run)
        .env("FHIR_PORT", Integer.toString(fhirPort))
        .env("FHIR_HOST", "127.0.0.1")
        .env("MANAGEMENT_PORT", Integer.toString(FreePorts.next()))
        .env(db.environment())
        .env("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
        // A key of our own, so this JVM can mint tokens the separate adapter JVM accepts.
        .env("ACCESS_SIGNING_KEY", Adapter.SIGNING_KEY.toString())
        .env("PATHWAY_CLIENTS", Adapter.CLIENTS.toString())
        .env("PATHWAY_LINK_KEYS", Adapter.LINK_KEYS)
        .env("PUBLIC_URL", issuer(fhirPort))
        .env("ACCESS_RATE_LIMIT", "100000")
        .log(Path.of("target", "kill-nine-adapter-" + run + ".log"))
        .start();
  }

  static String issuer(int fhirPort) {
    return "http://127.0.0.1:" + fhirPort;
  }

  /** A bearer token for the GP practice, signed with the adapter's key as the adapter signs. */
  static String bearer(String base) {
    try {
      var client = CLIENTS.find("practice-a81001").orElseThrow();
      var tokens =
          new AccessTokens(
              base.replace("/fhir", ""),
              JWKSet.load(Adapter.SIGNING_KEY.toFile()),
              Duration.ofMinutes(5));
      return "Bearer " + tokens.issue(client, client.scopes()).accessToken();
    } catch (java.io.IOException | java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when the adapter acknowledged the referral (201 new, or 200 the original). */
  static boolean post(String base, String body) {
    try {
      var req =
          HttpRequest.newBuilder(URI.create(base + "/ServiceRequest"))
              .header("Authorization", bearer(base))
              .header("Content-Type", "application/fhir+json")
              .timeout(Duration.ofSeconds(20))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      int status = HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 201 || status == 200;
    } catch (Exception e) {
      return false;
    }
  }

  static long scalar(TestDatabase db, String sql) throws Exception {
    try (var c = db.connect();
        var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
