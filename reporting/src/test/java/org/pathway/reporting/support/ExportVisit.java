package org.pathway.reporting.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.pathway.reporting.export.ExportRows;
import org.slf4j.LoggerFactory;

/**
 * An evaluator exports the nine journeys of {@code ReportingRebuildIT} for two studies, Bulk Data
 * style, and reads every file: no NHS number, name, postcode, exact date, referral id or free text;
 * pseudonyms stable within a study and different across studies; each manifest's {@code Expires} in
 * the future; a commissioner refused; each export audited.
 */
public final class ExportVisit {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the events carry that must never leave: JourneyScript's person, ids and free text. */
  private static final List<String> NEVER =
      List.of("9434765919", "Alex", "Jones", "1981", "LS1", "done-", "declined-", "sr-", "Walking");

  private static final Pattern EXACT_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final TestIssuer issuer;

  public ExportVisit(String base, TestIssuer issuer) {
    this.base = base;
    this.issuer = issuer;
  }

  /** The whole check. */
  public void checkNineJourneys() throws Exception {
    Logger audit = (Logger) LoggerFactory.getLogger("pathway.audit");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    audit.addAppender(lines);
    try {
      String evaluator = issuer.token("evaluator");

      HttpResponse<String> commissioner =
          kickOff(issuer.token("commissioner"), "_study=study-a", true);
      assertThat(commissioner.statusCode()).isEqualTo(403);
      assertThat(commissioner.body()).contains("OperationOutcome").contains("not an evaluator");
      HttpResponse<String> notAsync = kickOff(evaluator, "_study=study-a", false);
      assertThat(notAsync.statusCode()).isEqualTo(400);
      assertThat(notAsync.body()).contains("Prefer");
      HttpResponse<String> noStudy = kickOff(evaluator, "", true);
      assertThat(noStudy.statusCode()).isEqualTo(400);
      assertThat(noStudy.body()).contains("_study");

      List<String> a = export(evaluator, "study-a", "");
      List<String> againA = export(evaluator, "study-a", "");
      List<String> b = export(evaluator, "study-b", "");
      List<String> csv = export(evaluator, "study-a", "&_outputFormat=text/csv");

      Set<String> idsA = ids(a.get(0));
      assertThat(idsA).hasSize(9).allMatch(id -> id.matches("[0-9a-f]{32}"));
      assertThat(ids(againA.get(0))).isEqualTo(idsA);
      Set<String> idsB = ids(b.get(0));
      assertThat(idsB).hasSize(9).doesNotContainAnyElementsOf(idsA);
      // The scores point at the journeys by the same pseudonym.
      for (String line : a.get(1).split("\n")) {
        assertThat(idsA).contains(JSON.readTree(line).get("journey").asText());
      }
      assertThat(a.get(1).split("\n")).hasSize(12);
      JsonNode first = JSON.readTree(a.get(0).split("\n")[0]);
      assertThat(first.get("referredMonth").asText()).isEqualTo("2026-03");
      assertThat(first.properties()).allMatch(e -> ExportRows.JOURNEY_COLUMNS.contains(e.getKey()));

      String[] csvJourneys = csv.get(0).split("\r\n");
      assertThat(csvJourneys[0]).isEqualTo(String.join(",", ExportRows.JOURNEY_COLUMNS));
      assertThat(csvJourneys).hasSize(10);
      Set<String> csvIds = new HashSet<>();
      for (int i = 1; i < csvJourneys.length; i++) {
        csvIds.add(csvJourneys[i].split(",")[0]);
      }
      assertThat(csvIds).isEqualTo(idsA);

      List<String> every = new ArrayList<>();
      every.addAll(a);
      every.addAll(b);
      every.addAll(csv);
      for (String file : every) {
        assertThat(file).isNotBlank();
        for (String secret : NEVER) {
          assertThat(file).doesNotContain(secret);
        }
        assertThat(EXACT_DATE.matcher(file).find()).as(file).isFalse();
      }

      // Cancelled: gone.
      HttpResponse<String> started = kickOff(evaluator, "_study=study-c", true);
      String status = started.headers().firstValue("Content-Location").orElseThrow();
      assertThat(send(HttpRequest.newBuilder(URI.create(status)).DELETE(), evaluator).statusCode())
          .isEqualTo(202);
      assertThat(send(HttpRequest.newBuilder(URI.create(status)).GET(), evaluator).statusCode())
          .isEqualTo(404);

      List<String> audited = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(audited)
          .anyMatch(
              l -> l.contains("export kicked-off client=evaluator") && l.contains("study=study-a"))
          .anyMatch(
              l -> l.contains("export kicked-off client=evaluator") && l.contains("study=study-b"))
          .anyMatch(l -> l.contains("export downloaded client=evaluator"))
          .anyMatch(
              l -> l.contains("export cancelled client=evaluator") && l.contains("study=study-c"))
          .anyMatch(
              l -> l.contains("refused GET /fhir/$export") && l.contains("client=commissioner"));
    } finally {
      audit.detachAppender(lines);
    }
  }

  /** Kicks off, polls to the manifest, and downloads the Journey and Score files. */
  private List<String> export(String token, String study, String more) throws Exception {
    HttpResponse<String> kick = kickOff(token, "_study=" + study + more, true);
    assertThat(kick.statusCode()).as(kick.body()).isEqualTo(202);
    String status = kick.headers().firstValue("Content-Location").orElseThrow();
    assertThat(status).contains("/fhir/$export-status/");
    HttpResponse<String>[] done = new HttpResponse[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r =
                  send(HttpRequest.newBuilder(URI.create(status)).GET(), token);
              if (r.statusCode() == 202) {
                assertThat(r.headers().firstValue("X-Progress")).isPresent();
                return false;
              }
              done[0] = r;
              return true;
            });
    assertThat(done[0].statusCode()).as(done[0].body()).isEqualTo(200);
    // Kept for pathway.export.keep (1h by default) from now: an HTTP date in the future.
    Instant expires =
        ZonedDateTime.parse(
                done[0].headers().firstValue("Expires").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant();
    assertThat(expires).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(2)));
    JsonNode manifest = JSON.readTree(done[0].body());
    assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
    assertThat(manifest.get("transactionTime").asText()).isNotBlank();
    assertThat(manifest.get("request").asText()).contains("_study=" + study);
    assertThat(manifest.get("error")).isEmpty();
    List<String> files = new ArrayList<>();
    for (String type : List.of(ExportRows.JOURNEY, ExportRows.SCORE)) {
      JsonNode output = null;
      for (JsonNode o : manifest.get("output")) {
        if (o.get("type").asText().equals(type)) {
          output = o;
        }
      }
      assertThat(output).as(type).isNotNull();
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(URI.create(output.get("url").asText())).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      HttpResponse<String> file =
          send(HttpRequest.newBuilder(URI.create(output.get("url").asText())).GET(), token);
      assertThat(file.statusCode()).isEqualTo(200);
      files.add(file.body());
    }
    return files;
  }

  private static Set<String> ids(String ndjson) throws Exception {
    Set<String> ids = new HashSet<>();
    for (String line : ndjson.split("\n")) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    return ids;
  }

  private HttpResponse<String> kickOff(String token, String query, boolean async) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(base + "/fhir/$export" + (query.isEmpty() ? "" : "?" + query)))
            .header("Accept", "application/fhir+json")
            .GET();
    if (async) {
      b.header("Prefer", "respond-async");
    }
    return send(b, token);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
    return http.send(
        b.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }
}
