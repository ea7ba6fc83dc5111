package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
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
 * The edge, finished (S4, S6): limits judge what is parsed (gzip, Content-Type parameters,
 * charsets), active content in any free text is refused naming the element with nothing written,
 * too-long values are 4xx naming the element without database text, and no response carries a
 * server or framework banner.
 */
class EdgeIT {

  static final String CLIENT = "practice-a81001";
  static final String JSON = "application/fhir+json";

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter = Adapter.start(db, kafka.bootstrapServers(), Map.of());
  }

  @AfterAll
  static void stop() {
    adapter.close();
    kafka.close();
    db.close();
  }

  // --- limits apply to what is parsed -------------------------------------------------------

  @Test
  void gzipBombIsRefused413BeforeAnyParse() throws Exception {
    byte[] bomb = gzippedZeros(100_000_000);
    assertThat(bomb.length).isLessThan(1 << 20);
    long before = referrals();

    var res = post("/ServiceRequest", bomb, JSON, Map.of("Content-Encoding", "gzip"));

    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(diagnostics(res)).contains("decompresses to more than");
    assertThat(referrals()).isEqualTo(before);
  }

  @Test
  void gzipReferralWhoseDecodedBodyIsOverTheLimitIsRefused413() throws Exception {
    ServiceRequest sr = referral();
    sr.addNote(new Annotation().setText("ok ".repeat(200_000)));
    sr.addNote(new Annotation().setText("fine ".repeat(200_000)));
    byte[] plain = json(sr);
    assertThat(plain.length).isGreaterThan(1 << 20);
    byte[] compressed = gzip(plain);
    assertThat(compressed.length).isLessThan(1 << 20);

    var res = post("/ServiceRequest", compressed, JSON, Map.of("Content-Encoding", "gzip"));

    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(outcome(res)).isNotNull();
  }

  @Test
  void compressedReferralsWithinTheLimitsAreAccepted() throws Exception {
    var gz =
        post("/ServiceRequest", gzip(json(referral())), JSON, Map.of("Content-Encoding", "gzip"));
    assertThat(gz.statusCode()).as(gz.body()).isEqualTo(201);
    var deflated =
        post(
            "/ServiceRequest",
            deflate(json(referral())),
            JSON,
            Map.of("Content-Encoding", "deflate"));
    assertThat(deflated.statusCode()).as(deflated.body()).isEqualTo(201);
  }

  @Test
  void gzipHidesNoDeepNestingOrLongStrings() throws Exception {
    String deep =
        "{\"resourceType\":\"ServiceRequest\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    var res = post("/ServiceRequest", gzip(bytes(deep)), JSON, Map.of("Content-Encoding", "gzip"));
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(diagnostics(res)).contains("nested deeper");

    ServiceRequest sr = referral();
    sr.addNote(new Annotation().setText("a".repeat(70_000)));
    var longString =
        post("/ServiceRequest", gzip(json(sr)), JSON, Map.of("Content-Encoding", "gzip"));
    assertThat(longString.statusCode()).isEqualTo(413);
    assertThat(expressions(longString)).contains("note[1].text");
  }

  @Test
  void unknownContentEncodingIsRefused415() throws Exception {
    var res = post("/ServiceRequest", json(referral()), JSON, Map.of("Content-Encoding", "br"));
    assertThat(res.statusCode()).isEqualTo(415);
    assertThat(outcome(res)).isNotNull();
  }

  @Test
  void contentTypeParametersChangeNoCheck() throws Exception {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    for (String type :
        List.of(
            "application/fhir+json; charset=utf-8; x=y",
            "application/fhir+json;x=xml",
            "APPLICATION/FHIR+JSON ; CHARSET=\"UTF-8\" ; profile=\"+xml\"",
            "application/json; fhirVersion=4.0")) {
      var res = post("/ServiceRequest", bytes(deep), type, Map.of());
      assertThat(res.statusCode()).as(type).isEqualTo(400);
      assertThat(diagnostics(res)).as(type).contains("nested deeper");
    }
    StringBuilder many =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < 10_000; i++) {
      many.append(i == 0 ? "" : ",").append("{}");
    }
    var entries =
        post("", bytes(many.append("]}").toString()), "application/fhir+json; a=b; c=d", Map.of());
    assertThat(entries.statusCode()).isEqualTo(413);

    var accepted =
        post(
            "/ServiceRequest",
            json(referral()),
            "Application/FHIR+JSON ; Charset=\"UTF-8\" ; fhirVersion=4.0",
            Map.of());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
  }

  @Test
  void utf16XmlWithADoctypeIsRefused415() throws Exception {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x [<!ENTITY e SYSTEM"
            + " \"file:///etc/passwd\">]><ServiceRequest xmlns=\"http://hl7.org/fhir\"><note><text"
            + " value=\"&e;\"/></note></ServiceRequest>";
    for (var charset :
        List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      var res = post("/ServiceRequest", xml.getBytes(charset), "application/fhir+xml", Map.of());
      assertThat(res.statusCode()).as(charset.name()).isEqualTo(415);
      assertThat(outcome(res)).as(charset.name()).isNotNull();
    }
    var declared =
        post(
            "/ServiceRequest",
            xml.getBytes(StandardCharsets.UTF_16),
            "application/fhir+xml; charset=utf-16",
            Map.of());
    assertThat(declared.statusCode()).isEqualTo(415);
  }

  @Test
  void aDeclaredCharsetOtherThanUtf8IsRefused415() throws Exception {
    var res =
        post(
            "/ServiceRequest",
            json(referral()),
            "application/fhir+json; charset=iso-8859-1",
            Map.of());
    assertThat(res.statusCode()).isEqualTo(415);
    assertThat(diagnostics(res)).contains("iso-8859-1");
    var text = post("/ServiceRequest", json(referral()), "text/plain", Map.of());
    assertThat(text.statusCode()).isEqualTo(415);
  }

  // --- free text ----------------------------------------------------------------------------

  @Test
  void activeContentInAnyFreeTextIsRefused422NamingTheElementAndNothingIsWritten()
      throws Exception {
    long referrals = referrals();
    long tasks = adapter.ledger().count("task", null);
    long outbox = adapter.ledger().count("outbox", null);

    ServiceRequest note = referral();
    note.getNoteFirstRep().setText("Prefers mornings <script>alert(1)</script>");
    assertRefused(note, "ServiceRequest.note[0].text");

    ServiceRequest name = referral();
    ((Patient) name.getContained().get(0))
        .getNameFirstRep()
        .addGiven("<img src=x onerror=alert(1)>");
    assertRefused(name, "ServiceRequest.contained[0].name[0].given[1]");

    ServiceRequest reason = referral();
    reason.getReasonCodeFirstRep().setText("low mood, see javascript:alert(document.cookie)");
    assertRefused(reason, "ServiceRequest.reasonCode[0].text");

    ServiceRequest display = referral();
    display.getRequester().setDisplay("Surgery\" onmouseover=\"alert(1)");
    assertRefused(display, "ServiceRequest.requester.display");

    assertThat(referrals()).isEqualTo(referrals);
    assertThat(adapter.ledger().count("task", null)).isEqualTo(tasks);
    assertThat(adapter.ledger().count("outbox", null)).isEqualTo(outbox);
  }

  @Test
  void activeContentInATaskNoteOrAnObservationNoteIsRefused422AndTheTaskIsUnchanged()
      throws Exception {
    var created = post("/ServiceRequest", json(referral()), JSON, Map.of());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    String referralId = location.replaceAll(".*/ServiceRequest/([^/]+).*", "$1");
    var search = get("/Task?focus=ServiceRequest/" + referralId);
    var bundle =
        Fixtures.FHIR
            .newJsonParser()
            .parseResource(org.hl7.fhir.r4.model.Bundle.class, search.body());
    Task task = (Task) bundle.getEntryFirstRep().getResource();
    String taskId = task.getIdElement().getIdPart();
    String version = task.getMeta().getVersionId();
    long taskVersions = adapter.ledger().count("task_version", "id = ?", taskId);

    task.addNote(new Annotation().setText("called, <body onload=alert(1)>"));
    var put =
        send(
            HttpRequest.newBuilder(uri("/Task/" + taskId))
                .header("Content-Type", JSON)
                .header("If-Match", "W/\"" + version + "\"")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json(task))));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(422);
    assertThat(expressions(put)).contains("Task.note[0].text");
    assertThat(adapter.ledger().count("task_version", "id = ?", taskId)).isEqualTo(taskVersions);

    var score = new Observation();
    score.setStatus(Observation.ObservationStatus.FINAL);
    score.addFocus(new Reference("Task/" + taskId));
    score.addNote(new Annotation().setText("<script>steal()</script>"));
    long outcomes = adapter.ledger().count("outcome", null);
    var obs = post("/Observation", json(score), JSON, Map.of());
    assertThat(obs.statusCode()).as(obs.body()).isEqualTo(422);
    assertThat(expressions(obs)).contains("Observation.note[0].text");
    assertThat(adapter.ledger().count("outcome", null)).isEqualTo(outcomes);
  }

  @Test
  void scriptInAMessageBundleEntryIsNamedByItsPlaceInTheBundle() throws Exception {
    var bundle = Fixtures.bundle("referral-transaction.json");
    bundle.getEntry().stream()
        .map(e -> e.getResource())
        .filter(ServiceRequest.class::isInstance)
        .map(ServiceRequest.class::cast)
        .forEach(sr -> sr.addNote(new Annotation().setText("javascript:alert(1)")));
    long before = referrals();
    var res = post("", json(bundle), JSON, Map.of());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
    assertThat(expressions(res))
        .anyMatch(e -> e.startsWith("Bundle.entry[") && e.contains(".resource.note["));
    assertThat(referrals()).isEqualTo(before);
  }

  // --- too-long values ----------------------------------------------------------------------

  @Test
  void aTooLongIdentifierValueIs4xxNamingTheElementWithoutDatabaseText() throws Exception {
    ServiceRequest sr = referral();
    sr.getIdentifierFirstRep().setValue("x".repeat(300));
    long before = referrals();

    var res = post("/ServiceRequest", json(sr), JSON, Map.of());

    assertThat(res.statusCode()).isBetween(400, 499);
    assertThat(expressions(res)).contains("ServiceRequest.identifier[0].value");
    assertNoInternals(res);
    assertThat(referrals()).isEqualTo(before);
  }

  @Test
  void tooLongReferencesAndIdsAre4xxWithoutDatabaseText() throws Exception {
    ServiceRequest requester = referral();
    requester.getRequester().getIdentifier().setValue("A".repeat(300));
    var res = post("/ServiceRequest", json(requester), JSON, Map.of());
    assertThat(res.statusCode()).isBetween(400, 499);
    assertThat(expressions(res)).contains("ServiceRequest.requester");
    assertNoInternals(res);

    for (String path :
        List.of(
            "/Task/" + "t".repeat(100),
            "/Task/" + "t".repeat(100) + "/_history",
            "/ServiceRequest/" + "s".repeat(300))) {
      var read = get(path);
      assertThat(read.statusCode()).as(path).isBetween(400, 499);
      assertNoInternals(read);
    }
  }

  @Test
  void aNulCharacterIs4xxNotADatabaseError() throws Exception {
    ServiceRequest sr = referral();
    sr.getNoteFirstRep().setText("before\u0000after");
    var res = post("/ServiceRequest", json(sr), JSON, Map.of());
    assertThat(res.statusCode()).isBetween(400, 499);
    assertThat(expressions(res)).contains("ServiceRequest.note[0].text");
    assertNoInternals(res);
  }

  // --- no banners ---------------------------------------------------------------------------

  @Test
  void noResponseCarriesAServerOrFrameworkBanner() throws Exception {
    List<HttpResponse<String>> answers =
        List.of(
            get("/metadata"),
            get("/Task?_count=1"),
            post("/ServiceRequest", json(referral()), JSON, Map.of()),
            post("/ServiceRequest", bytes("{"), JSON, Map.of()),
            get("/Nothing/1"),
            send(
                HttpRequest.newBuilder(URI.create(adapter.fhirBase().replace("/fhir", "/nowhere")))
                    .GET()),
            send(HttpRequest.newBuilder(URI.create(adapter.managementBase() + "/health")).GET()));
    for (var res : answers) {
      String where = res.request().method() + " " + res.request().uri() + " -> " + res.statusCode();
      assertThat(res.headers().firstValue("Server")).as(where).isEmpty();
      assertThat(res.headers().firstValue("X-Powered-By")).as(where).isEmpty();
      assertThat(res.body()).as(where).doesNotContainIgnoringCase("jetty").doesNotContain("HAPI");
    }
    var cs =
        Fixtures.FHIR
            .newJsonParser()
            .parseResource(CapabilityStatement.class, get("/metadata").body());
    assertThat(cs.getSoftware().getName()).isEqualTo("Pathway fhir-adapter");
  }

  // --- answers sent whole ---------------------------------------------------------------------

  /**
   * HAPI's JSON writer flushes after every string it writes; passed through, each flush was a
   * socket write, so an answer left as a dozen or more pieces of chunked transfer encoding. An
   * answer that fits the server's buffer now leaves in one piece that says its length.
   */
  @Test
  void everyFhirAnswerIsSentWholeWithItsLength() throws Exception {
    String created = post("/ServiceRequest", json(referral()), JSON, Map.of()).body();
    String id =
        Fixtures.FHIR.newJsonParser().parseResource(ServiceRequest.class, created).getIdPart();
    List<HttpResponse<String>> answers =
        List.of(
            get("/metadata"),
            get("/ServiceRequest/" + id),
            get("/Task?focus=ServiceRequest/" + id),
            post("/ServiceRequest", json(referral()), JSON, Map.of()),
            post("/ServiceRequest", bytes("{"), JSON, Map.of()),
            send(HttpRequest.newBuilder(uri("/metadata")).header("Accept-Encoding", "gzip").GET()));
    for (var res : answers) {
      String where = res.request().method() + " " + res.request().uri() + " -> " + res.statusCode();
      assertThat(res.headers().firstValue("Transfer-Encoding")).as(where).isEmpty();
      assertThat(res.headers().firstValue("Content-Length")).as(where).isPresent();
    }
    for (var res : answers.subList(0, answers.size() - 1)) {
      assertThat(Long.parseLong(res.headers().firstValue("Content-Length").orElseThrow()))
          .as(res.request().uri().toString())
          .isEqualTo(res.body().getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void anAnswerNamesItsRequestByTheCallersXRequestIdOrAFreshOne() throws Exception {
    var first = get("/metadata").headers().firstValue("X-Request-ID").orElseThrow();
    var second = get("/metadata").headers().firstValue("X-Request-ID").orElseThrow();
    var sent = send(HttpRequest.newBuilder(uri("/metadata")).header("X-Request-ID", "gp-42").GET());

    assertThat(first).matches("[A-Za-z0-9]{16}");
    assertThat(second).matches("[A-Za-z0-9]{16}").isNotEqualTo(first);
    assertThat(sent.headers().firstValue("X-Request-ID")).contains("gp-42");
  }

  @Test
  void aMethodNoInteractionOnTheTypeTakesIs405NamingWhatIsAllowed() throws Exception {
    // Tasks are read, searched and updated; never deleted, nor created on their own
    var deleted = send(HttpRequest.newBuilder(uri("/Task/some-task")).DELETE());
    var posted = post("/Task", bytes("{\"resourceType\":\"Task\"}"), JSON, Map.of());

    for (var res : List.of(deleted, posted)) {
      assertThat(res.statusCode()).as(res.body()).isEqualTo(405);
      assertThat(res.headers().firstValue("Allow"))
          .hasValueSatisfying(
              allow -> assertThat(allow.split(",\\s*")).containsExactlyInAnyOrder("GET", "PUT"));
      assertThat(outcome(res).getIssueFirstRep().getCode()).isEqualTo(IssueType.NOTSUPPORTED);
    }
    // a search parameter Pathway does not answer is still the client's error to mend
    assertThat(get("/Task?unknown-parameter=1").statusCode()).isEqualTo(400);
    assertThat(get("/Task?status=requested").statusCode()).isEqualTo(200);
  }

  @Test
  void aSearchValueThatIsNotADateIs400NamingItNotAnInternalError() throws Exception {
    // each value sent, and the part of it the answer names (a prefix such as ge is not a date)
    for (var sent : Map.of("notadate", "notadate", "ge2026-13-45", "2026-13-45").entrySet()) {
      var res = get("/Task?_lastUpdated=" + sent.getKey());

      assertThat(res.statusCode()).as(sent.getKey() + ": " + res.body()).isEqualTo(400);
      var issue = outcome(res).getIssueFirstRep();
      assertThat(issue.getCode()).as(sent.getKey()).isEqualTo(IssueType.INVALID);
      assertThat(issue.getDiagnostics()).contains(sent.getValue()).doesNotContain("HAPI-");
    }
    assertThat(get("/Task?_lastUpdated=gt2020-01-01").statusCode()).isEqualTo(200);
  }

  @Test
  void aSearchValueNoSearchCanUseIs400NamingItsParameterNeverAnInternalError() throws Exception {
    // each search, and the parameter its answer must name
    var searches =
        Map.of(
            "/Task?status=%00", "status",
            "/Task?owner=a%00b", "owner",
            "/ServiceRequest?identifier=", "identifier",
            "/ServiceRequest?identifier=,", "identifier",
            "/Provenance?target=Task/", "target",
            "/Communication?part-of=Task/", "part-of");
    for (var search : searches.entrySet()) {
      var res = get(search.getKey());

      assertThat(res.statusCode()).as(search.getKey() + ": " + res.body()).isEqualTo(400);
      assertThat(expressions(res)).as(search.getKey()).containsExactly(search.getValue());
    }
  }

  @Test
  void aSortASearchDoesNotTakeIs400NotIgnoredBehindASelfLinkThatRepeatsIt() throws Exception {
    for (String search :
        List.of("/Observation?_sort=-date", "/ServiceRequest?identifier=x&_sort=authored")) {
      var res = get(search);

      assertThat(res.statusCode()).as(search + ": " + res.body()).isEqualTo(400);
      assertThat(expressions(res)).containsExactly("_sort");
    }
    // a search that sorts still does
    assertThat(get("/Task?_sort=-_lastUpdated").statusCode()).isEqualTo(200);
  }

  @Test
  void aMalformedRequestLineGetsAPlainAnswerWithoutVersions() throws Exception {
    URI base = URI.create(adapter.fhirBase());
    try (var socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(bytes("GET /fhir/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).doesNotContainIgnoringCase("server:").doesNotContainIgnoringCase("jetty");
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  private static void assertRefused(ServiceRequest sr, String expression) throws Exception {
    var res = post("/ServiceRequest", json(sr), JSON, Map.of());
    assertThat(res.statusCode()).as(expression + ": " + res.body()).isEqualTo(422);
    assertThat(expressions(res)).as(res.body()).contains(expression);
  }

  private static void assertNoInternals(HttpResponse<String> res) {
    assertThat(outcome(res)).as(res.body()).isNotNull();
    assertThat(res.body())
        .doesNotContainIgnoringCase("sql")
        .doesNotContainIgnoringCase("varying")
        .doesNotContain("ERROR:")
        .doesNotContain("Exception")
        .doesNotContain("org.");
  }

  /** The plain referral, from the calling practice, with a fresh identifier. */
  private static ServiceRequest referral() {
    ServiceRequest sr = Fixtures.referral();
    sr.getRequester().getIdentifier().setValue("A81001");
    sr.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
    return sr;
  }

  private static long referrals() {
    return adapter.ledger().count("referral", null);
  }

  private static URI uri(String path) {
    return URI.create(adapter.fhirBase() + path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private static HttpResponse<String> post(
      String path, byte[] body, String contentType, Map<String, String> headers) throws Exception {
    var req =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(req::header);
    return send(req);
  }

  private static HttpResponse<String> send(HttpRequest.Builder req) throws Exception {
    req.header("Authorization", adapter.bearer(CLIENT));
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static OperationOutcome outcome(HttpResponse<String> res) {
    try {
      return Fixtures.FHIR.newJsonParser().parseResource(OperationOutcome.class, res.body());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String diagnostics(HttpResponse<String> res) {
    OperationOutcome oo = outcome(res);
    assertThat(oo).as(res.body()).isNotNull();
    return oo.getIssue().stream().map(i -> i.getDiagnostics()).toList().toString();
  }

  private static List<String> expressions(HttpResponse<String> res) {
    OperationOutcome oo = outcome(res);
    assertThat(oo).as(res.body()).isNotNull();
    return oo.getIssue().stream()
        .flatMap(i -> i.getExpression().stream())
        .map(e -> e.getValue())
        .toList();
  }

  private static byte[] json(org.hl7.fhir.instance.model.api.IBaseResource r) {
    return bytes(Fixtures.FHIR.newJsonParser().encodeResourceToString(r));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  /** {@code n} zero bytes, gzipped without ever holding them: the classic bomb. */
  private static byte[] gzippedZeros(long n) throws IOException {
    var out = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 16];
    try (var gz = new GZIPOutputStream(out)) {
      for (long written = 0; written < n; written += chunk.length) {
        gz.write(chunk);
      }
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] plain) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var z = new DeflaterOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }
}
