package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.localkafka.KraftBroker;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/** Outages of the database and of Kafka, with real PostgreSQL and a real broker. */
class FaultIT {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void databaseDownAnswers503AndNeverSuccessThenRecovers() throws Exception {
    try (var kafka = KafkaClusters.forTests();
        var db = TestDatabase.create("fhir_adapter")) {
      kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
      try (var adapter = Adapter.start(db, kafka.bootstrapServers())) {
        assertThat(post(adapter, Fixtures.referral()).statusCode()).isEqualTo(201);

        // given the ledger database refuses connections and its sessions are cut
        db.cutOff();
        // when referrals arrive, then each is refused 503 with an OperationOutcome, never 2xx
        List<ServiceRequest> refused = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          ServiceRequest sr = Fixtures.referral();
          HttpResponse<String> res = post(adapter, sr);
          assertThat(res.statusCode()).isEqualTo(503);
          assertThat(res.headers().firstValue("Retry-After")).contains("1");
          var oo = Fixtures.FHIR.newJsonParser().parseResource(OperationOutcome.class, res.body());
          assertThat(oo.getIssueFirstRep().getCode())
              .isEqualTo(OperationOutcome.IssueType.TRANSIENT);
          refused.add(sr);
        }

        // and once the database is back, the GP's retries are accepted
        db.restore();
        for (ServiceRequest sr : refused) {
          await().atMost(Duration.ofSeconds(30)).until(() -> post(adapter, sr).statusCode() == 201);
        }
        assertThat(adapter.ledger().count("referral", null)).isEqualTo(4);
      }
    }
  }

  @Test
  void kafkaDownStillAcceptsAndEventsFlowOnceItIsBack() throws Exception {
    Path dir = Files.createTempDirectory("fault-kafka-");
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    KraftBroker broker = KraftBroker.start(dir, port, Map.of());
    broker.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    try (var db = TestDatabase.create("fhir_adapter");
        var adapter = Adapter.start(db, broker.bootstrapServers())) {
      // given Kafka is down
      broker.close();

      // when referrals arrive, then they are still accepted: the outbox holds their events
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> res = post(adapter, Fixtures.referral());
        assertThat(res.statusCode()).isEqualTo(201);
        ids.add(
            new org.hl7.fhir.r4.model.IdType(res.headers().firstValue("Location").orElseThrow())
                .getIdPart());
      }
      assertThat(adapter.ledger().count("outbox_pending", null)).isEqualTo(5);

      // and once Kafka is back, every event reaches it
      broker = KraftBroker.start(dir, port, Map.of());
      try (var events = new TopicTail(broker.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
        var seen =
            events.until(
                rs ->
                    rs.stream()
                        .filter(r -> r.value() instanceof ReferralReceived)
                        .map(r -> ((ReferralReceived) r.value()).getServiceRequestId())
                        .collect(java.util.stream.Collectors.toSet())
                        .containsAll(ids),
                Duration.ofSeconds(90));
        assertThat(
                seen.stream()
                    .filter(r -> r.value() instanceof ReferralReceived)
                    .map(r -> ((ReferralReceived) r.value()).getServiceRequestId()))
            .containsAll(ids);
      }
    } finally {
      broker.close();
    }
  }

  static HttpResponse<String> post(Adapter adapter, ServiceRequest sr) throws Exception {
    return post(adapter, sr, null);
  }

  /** POSTs {@code sr} as the demo practice, with {@code requestId} as its X-Request-ID if given. */
  static HttpResponse<String> post(Adapter adapter, ServiceRequest sr, String requestId)
      throws Exception {
    var req =
        HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/ServiceRequest"))
            .header("Authorization", adapter.bearer("practice-a81001"))
            .header("Content-Type", "application/fhir+json")
            .timeout(Duration.ofSeconds(30))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Fixtures.FHIR.newJsonParser().encodeResourceToString(sr)));
    if (requestId != null) {
      req.header("X-Request-ID", requestId);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }
}
