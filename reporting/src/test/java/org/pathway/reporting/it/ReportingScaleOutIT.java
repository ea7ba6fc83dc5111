package org.pathway.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.reporting.peers.PeerAnswer;
import org.pathway.reporting.peers.PeerClient;
import org.pathway.reporting.peers.PeerSignature;
import org.pathway.reporting.streams.JourneyStreams;
import org.pathway.reporting.support.JourneyScript;
import org.pathway.reporting.support.ReportingApp;
import org.pathway.reporting.support.TestIssuer;

/**
 * Two reporting instances sharing the referral events' four partitions, as a scaled-out deployment
 * runs them: each folds only its partitions' journeys, and each answers every figure for all of
 * them by asking the other; without peers configured, an instance holding part of the partitions
 * refuses (503) rather than publish figures of part of the referrals.
 */
class ReportingScaleOutIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant APRIL = Instant.parse("2026-04-01T09:00:00Z");
  private static final String SECRET = "reporting-scale-out-it-peer-secret-0123456789";
  private static final int JOURNEYS = 16;

  private static KafkaCluster kafka;
  private static TestIssuer issuer;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTests();
    kafka.createTopics(List.of(new NewTopic(Topics.REFERRAL_EVENTS.name(), 4, (short) 1)));
    issuer = new TestIssuer();
    ReportingApp.publish(kafka.bootstrapServers(), journeys());
  }

  @AfterAll
  static void stop() throws Exception {
    issuer.close();
    kafka.close();
  }

  /** Sixteen journeys: half completed with SWEMWBS 18 → 24, half declined on day 1. */
  private static List<JourneyScript> journeys() {
    List<JourneyScript> all = new ArrayList<>();
    for (int i = 0; i < JOURNEYS; i++) {
      var j =
          JourneyScript.referral(
              "spread-" + i,
              APRIL.plusSeconds(i * 600L),
              i % 4 == 0 ? "A81001" : "A81002",
              "U1",
              "wellbeing",
              i % 3 == 0 ? "male" : "female",
              "A",
              "45-64",
              1 + i % 10);
      all.add(
          i % 2 == 0
              ? j.accepted(1, "lw-north")
                  .score(3, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 18)
                  .score(30, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 24)
                  .completed(30, "lw-north")
              : j.declined(1, "lw-north"));
    }
    return all;
  }

  @Test
  void eachInstanceAnswersEveryFigureForEveryPartition() throws Exception {
    String commissioner = issuer.token("commissioner");
    ApplicationContext a = peer("pathway-reporting-scale");
    ApplicationContext b = peer("pathway-reporting-scale");
    try {
      // given two instances that have shared out the partitions
      awaitEachHoldsSome(a, b);
      assertThat(local(a).journeys().size()).isLessThan(JOURNEYS);
      assertThat(local(b).journeys().size()).isLessThan(JOURNEYS);

      // when each is asked for the figures
      String fromA = ReportingApp.awaitFigures(a, commissioner, JOURNEYS);
      String fromB = ReportingApp.awaitFigures(b, commissioner, JOURNEYS);

      // then both count every journey and give the same figures
      assertThat(JSON.readTree(fromA)).isEqualTo(JSON.readTree(fromB));
      assertThat(JSON.readTree(fromA).path("journeys").asLong()).isEqualTo(JOURNEYS);

      // and the journeys themselves go only to a peer: not to a user's token, not unsigned, not
      // signed with another secret
      String peerPath = ReportingApp.base(a) + PeerClient.PATH;
      assertThat(send(peerPath, Map.of("Authorization", "Bearer " + commissioner)).statusCode())
          .isEqualTo(401);
      assertThat(send(peerPath, Map.of()).statusCode()).isEqualTo(401);
      String forged =
          new PeerSignature("another-secret-entirely-0123456789abcdef")
              .sign(PeerClient.PATH, Instant.now());
      assertThat(send(peerPath, Map.of(PeerSignature.HEADER, forged)).statusCode()).isEqualTo(401);
      // and a peer's signed call gets this instance's partitions and their journeys
      String signed = new PeerSignature(SECRET).sign(PeerClient.PATH, Instant.now());
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(peerPath))
                  .header(PeerSignature.HEADER, signed)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(answer.statusCode()).isEqualTo(200);
      PeerAnswer read =
          PeerAnswer.read(
              answer.headers().firstValue(PeerAnswer.PARTITIONS).orElse(null), answer.body());
      assertThat(read.partitions()).isNotEmpty().hasSizeLessThan(4);
      assertThat(read.journeys()).isNotEmpty().hasSizeLessThan(JOURNEYS);
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void anInstanceHoldingPartOfThePartitionsWithoutPeersRefusesRatherThanCountPart()
      throws Exception {
    String commissioner = issuer.token("commissioner");
    ApplicationContext a = alone("pathway-reporting-no-peers");
    ApplicationContext b = alone("pathway-reporting-no-peers");
    try {
      // given two instances without peers configured, each holding some of the partitions
      awaitEachHoldsSome(a, b);

      // when one is asked for the figures
      HttpResponse<byte[]> r =
          send(
              ReportingApp.base(a) + "/api/figures",
              Map.of("Authorization", "Bearer " + commissioner));

      // then it says it cannot answer for every partition, and why
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("REPORTING_PEER_ADDRESS");
    } finally {
      a.close();
      b.close();
    }
  }

  private static ApplicationContext peer(String applicationId) throws Exception {
    return ReportingApp.start(
        kafka.bootstrapServers(),
        Files.createTempDirectory("reporting-peer"),
        applicationId,
        issuer,
        port ->
            Map.of(
                "micronaut.server.port", port,
                "pathway.peers.address", "127.0.0.1:" + port,
                "pathway.peers.secret", SECRET),
        List.of());
  }

  private static ApplicationContext alone(String applicationId) throws Exception {
    return ReportingApp.start(
        kafka.bootstrapServers(),
        Files.createTempDirectory("reporting-alone"),
        applicationId,
        issuer,
        Map.of());
  }

  private static JourneyStreams.Local local(ApplicationContext c) {
    return c.getBean(JourneyStreams.class).local();
  }

  /** Waits until both run and hold some of the four partitions each, all four between them. */
  private static void awaitEachHoldsSome(ApplicationContext a, ApplicationContext b) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreException(JourneyStreams.NotReadyException.class)
        .until(
            () -> {
              Set<Integer> ofA = local(a).partitions();
              Set<Integer> ofB = local(b).partitions();
              Set<Integer> both = new TreeSet<>(ofA);
              both.addAll(ofB);
              return !ofA.isEmpty() && !ofB.isEmpty() && both.size() == 4;
            });
  }

  private HttpResponse<byte[]> send(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
