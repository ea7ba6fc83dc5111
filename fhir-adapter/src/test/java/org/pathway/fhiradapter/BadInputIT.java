package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * Every file under {@code r4/bad} is refused with a 4xx OperationOutcome, and nothing reaches the
 * ledger or Kafka. File prefixes pick the endpoint: {@code sr-} POST /ServiceRequest, {@code tx-}
 * POST / (transaction), {@code msg-} POST /$process-message.
 */
class BadInputIT {

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The element each rule-failure must name; other files need only a 4xx OperationOutcome. */
  static final Map<String, String> EXPRESSIONS =
      Map.ofEntries(
          Map.entry("sr-missing-nhs-number.json", "Patient.identifier"),
          Map.entry("sr-invalid-nhs-number.json", "Patient.identifier"),
          Map.entry("sr-nhs-number-not-digits.json", "Patient.identifier"),
          Map.entry("sr-missing-identifier.json", "ServiceRequest.identifier"),
          Map.entry("sr-missing-subject.json", "ServiceRequest.subject"),
          Map.entry("sr-missing-requester.json", "ServiceRequest.requester"),
          Map.entry("sr-wrong-code.json", "ServiceRequest.code"),
          Map.entry("sr-missing-code.json", "ServiceRequest.code"),
          Map.entry("sr-status-draft.json", "ServiceRequest.status"),
          Map.entry("sr-intent-plan.json", "ServiceRequest.intent"),
          Map.entry("sr-unresolvable-subject.json", "ServiceRequest.subject"),
          Map.entry("sr-unresolvable-requester.json", "ServiceRequest.requester"),
          Map.entry("sr-onward-without-basedon.json", "ServiceRequest.basedOn"),
          Map.entry("sr-onward-basedon-unknown.json", "ServiceRequest.basedOn"),
          Map.entry("sr-script-in-narrative.json", "ServiceRequest.text.div"),
          Map.entry("sr-javascript-link-in-narrative.json", "Patient.text.div"),
          Map.entry("tx-put-entry.json", "Bundle.entry[1].request.method"),
          Map.entry("tx-unresolvable-subject.json", "ServiceRequest.subject"),
          Map.entry("tx-not-a-transaction.json", "Bundle.type"),
          Map.entry("tx-too-many-entries.json", "Bundle.entry"),
          Map.entry("msg-wrong-event.json", "MessageHeader.event"),
          Map.entry("msg-bars-validation-request.json", "ServiceRequest.category[0]"),
          Map.entry("msg-bars-booking-request.json", "MessageHeader.event"));

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter =
        Adapter.start(
            db, kafka.bootstrapServers(), Map.of("pathway.fhir.limits.max-bytes", 200_000));
  }

  @AfterAll
  static void stop() {
    adapter.close();
    kafka.close();
    db.close();
  }

  @Test
  void everyBadInputIsRefusedWithAnOperationOutcomeAndNothingIsWritten() throws Exception {
    List<Path> corpus;
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/r4/bad"))) {
      corpus = files.sorted().toList();
    }
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(20);
    var soft = new SoftAssertions();
    for (Path file : corpus) {
      String name = file.getFileName().toString();
      HttpResponse<String> res = post(name, Files.readAllBytes(file));
      soft.assertThat(res.statusCode()).as(name).isBetween(400, 499);
      OperationOutcome oo = outcome(res.body());
      soft.assertThat(oo).as(name + " body is an OperationOutcome: " + res.body()).isNotNull();
      if (oo != null && EXPRESSIONS.containsKey(name)) {
        soft.assertThat(
                oo.getIssue().stream()
                    .flatMap(i -> i.getExpression().stream())
                    .map(e -> e.getValue())
                    .toList())
            .as(name + " names the failing element")
            .contains(EXPRESSIONS.get(name));
      }
    }
    // Generated rather than stored: a declared 2 MB body and a 10,000-entry Bundle.
    soft.assertThat(answerToHeadersOnly(2_000_000))
        .startsWith("HTTP/1.1 413")
        .contains("OperationOutcome");
    StringBuilder many =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < 10_000; i++) {
      many.append(i == 0 ? "" : ",").append("{}");
    }
    soft.assertThat(post("tx-10000.json", many.append("]}").toString().getBytes()).statusCode())
        .isEqualTo(413);
    soft.assertAll();

    var ledger = adapter.ledger();
    for (String table : List.of("referral", "fhir_resource", "task", "outbox", "provenance")) {
      assertThat(ledger.count(table, null)).as(table).isZero();
    }
    assertThat(endOffsetSum(Topics.REFERRAL_EVENTS.name())).isZero();
  }

  @Test
  void anOversizedBodySentInFullIsAnswered413ThatTheClientReads() throws Exception {
    // Six times the limit, sent whole: the client is still writing when the size is known.
    byte[] body = new byte[1_200_000];
    java.util.Arrays.fill(body, (byte) ' ');
    for (int attempt = 1; attempt <= 3; attempt++) {
      // with its length declared, refused before reading
      HttpResponse<String> declared = post("sr-oversized.json", body);
      assertThat(declared.statusCode()).as("declared, attempt " + attempt).isEqualTo(413);
      assertThat(outcome(declared.body())).as(declared.body()).isNotNull();
      // and streamed without a length (chunked), refused once the limit is passed
      HttpResponse<String> streamed =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/ServiceRequest"))
                  .header("Authorization", adapter.bearer("practice-a81001"))
                  .header("Content-Type", "application/fhir+json")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new java.io.ByteArrayInputStream(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(streamed.statusCode()).as("streamed, attempt " + attempt).isEqualTo(413);
      assertThat(outcome(streamed.body())).as(streamed.body()).isNotNull();
    }
  }

  /**
   * Declares a body of {@code declared} bytes and sends none of it. The 413 must come back anyway:
   * proof that the size is refused before the body is read. (Sending the 2 MB for real races the
   * early refusal: the client may still be writing when the server closes, and lose the answer.)
   */
  static String answerToHeadersOnly(long declared) throws Exception {
    URI base = URI.create(adapter.fhirBase());
    try (var socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST "
              + base.getPath()
              + "/ServiceRequest HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\nAuthorization: "
              + adapter.bearer("practice-a81001")
              + "\r\nContent-Type: application/fhir+json\r\nContent-Length: "
              + declared
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      var answer = new StringBuilder();
      var in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n;
            !answer.toString().contains("OperationOutcome") && (n = in.read(buffer)) > 0; ) {
          answer.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        }
      } catch (java.net.SocketTimeoutException e) {
        // what arrived is the answer; the assertions say whether it was enough
      }
      return answer.toString();
    }
  }

  static HttpResponse<String> post(String name, byte[] body) throws Exception {
    String path =
        name.startsWith("tx-")
            ? ""
            : name.startsWith("msg-") ? "/$process-message" : "/ServiceRequest";
    String type = name.endsWith(".xml") ? "application/fhir+xml" : "application/fhir+json";
    var req =
        HttpRequest.newBuilder(URI.create(adapter.fhirBase() + path))
            .header("Authorization", adapter.bearer("practice-a81001"))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
  }

  static OperationOutcome outcome(String body) {
    try {
      return Fixtures.FHIR.newJsonParser().parseResource(OperationOutcome.class, body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static long endOffsetSum(String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      var parts =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> q = new java.util.HashMap<>();
      parts.forEach(p -> q.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(q).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
  }
}
