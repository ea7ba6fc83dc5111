package org.pathway.fhiradapter.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * S4: one client flooding the API is throttled (429, {@code Retry-After}, an OperationOutcome)
 * while a second client, at the same time, is answered normally.
 */
class RateLimitIT {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int RATE = 5;

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter =
        Adapter.start(db, kafka.bootstrapServers(), Map.of("pathway.access.rate-limit", RATE));
  }

  @AfterAll
  static void stop() {
    adapter.close();
    kafka.close();
    db.close();
  }

  @Test
  void aFloodingClientIsThrottledWhileAnotherCarriesOn() throws Exception {
    String flooder = adapter.token("practice-a81001");
    String neighbour = adapter.token("practice-b82002");

    // when, at the same time, the other client makes a request now and then, within its limit
    CompletableFuture<List<Integer>> neighbourStatuses =
        CompletableFuture.supplyAsync(
            () -> {
              List<Integer> statuses = new ArrayList<>();
              for (int i = 0; i < 4; i++) {
                try {
                  statuses.add(
                      HTTP.send(search(neighbour), HttpResponse.BodyHandlers.ofString())
                          .statusCode());
                  Thread.sleep(300);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
              return statuses;
            });
    // and one client sends 200 searches as fast as it can, 16 at a time
    long started = System.nanoTime();
    var flood = new ConcurrentLinkedQueue<HttpResponse<String>>();
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      inFlight.add(
          HTTP.sendAsync(search(flooder), HttpResponse.BodyHandlers.ofString())
              .thenAccept(flood::add));
      if (inFlight.size() == 16) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        inFlight.clear();
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - started) / 1e9;

    // then most of the flood was refused with 429, Retry-After and a throttled OperationOutcome
    List<HttpResponse<String>> throttled =
        flood.stream().filter(r -> r.statusCode() == 429).toList();
    assertThat(flood).hasSize(200);
    // (a burst of RATE, then RATE a second: however slow this machine, no more got through)
    assertThat(200 - throttled.size())
        .isLessThanOrEqualTo((int) Math.ceil(RATE * (seconds + 1)) + 1);
    assertThat(throttled).isNotEmpty();
    assertThat(flood).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 429));
    for (var r : throttled) {
      assertThat(r.headers().firstValue("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
      var oo = FHIR.newJsonParser().parseResource(OperationOutcome.class, r.body());
      assertThat(oo.getIssueFirstRep().getCode()).isEqualTo(IssueType.THROTTLED);
    }
    // and the other client was never throttled
    assertThat(neighbourStatuses.join()).hasSize(4).containsOnly(200);
  }

  private static HttpRequest search(String token) {
    return HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/Task?_count=1"))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }
}
