package org.pathway.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.reporting.export.ExportJobs;
import org.pathway.reporting.support.ExportClient;
import org.pathway.reporting.support.JourneyScript;
import org.pathway.reporting.support.ReportingApp;
import org.pathway.reporting.support.TestIssuer;
import org.pathway.testsupport.time.MovableClock;
import org.slf4j.LoggerFactory;

/**
 * The export's job lifecycle over real HTTP, as a Bulk Data client meets it: one running export per
 * evaluator (429 naming the running one, audited; another evaluator still served), the manifest's
 * {@code Expires}, the job forgotten once kept that long, and {@code _type} narrowing the files.
 * Reporting runs with export jobs of the test's: on a worker the test can hold back (so a job is
 * running for as long as the test needs, not as long as a machine happens to take) and a clock it
 * moves (so a job ages without the test sleeping).
 */
class ExportLifecycleIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant MARCH = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration KEEP = Duration.ofHours(1);

  private static KafkaCluster kafka;
  private static TestIssuer issuer;
  private static ExecutorService worker;
  private static MovableClock clock;
  private static ExportJobs jobs;
  private static ApplicationContext reporting;
  private static ExportClient client;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTests();
    kafka.createTopics(List.of(new NewTopic(Topics.REFERRAL_EVENTS.name(), 1, (short) 1)));
    issuer = new TestIssuer();
    ReportingApp.publish(kafka.bootstrapServers(), journeys());
    worker = Executors.newSingleThreadExecutor();
    clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    jobs = new ExportJobs(clock, "export-lifecycle-it-0123456789abcdef", KEEP, worker);
    Path stateDir = Files.createTempDirectory("reporting-export");
    reporting =
        ReportingApp.start(
            kafka.bootstrapServers(),
            stateDir,
            "pathway-reporting-export-it",
            issuer,
            Map.of(),
            List.of(jobs));
    String base = ReportingApp.base(reporting);
    client = new ExportClient(base);
    // An export reads every journey: wait until the store holds them all.
    ReportingApp.awaitFigures(reporting, issuer.token("commissioner"), 5);
  }

  @AfterAll
  static void stop() throws Exception {
    reporting.close();
    jobs.close();
    issuer.close();
    kafka.close();
  }

  /** Five completed journeys (fewer would be a suppressed count), each with two SWEMWBS scores. */
  private static List<JourneyScript> journeys() {
    List<JourneyScript> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(
          JourneyScript.referral(
                  "done-" + i,
                  MARCH.plusSeconds(i * 3600L),
                  "A81001",
                  "U1",
                  "wellbeing",
                  "female",
                  "A",
                  "45-64",
                  3)
              .accepted(2, "lw-north")
              .score(5, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 20)
              .score(40, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 25)
              .completed(40, "lw-north"));
    }
    return all;
  }

  @Test
  void aSecondKickOffWhileTheFirstRunsIsThrottledAndAnotherEvaluatorIsServed() throws Exception {
    Logger audit = (Logger) LoggerFactory.getLogger("pathway.audit");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    audit.addAppender(lines);
    CountDownLatch release = holdTheWorker();
    try {
      String evaluator = issuer.token("evaluator");
      String first = client.started(evaluator, "_study=study-a");

      HttpResponse<String> again = client.kickOff(evaluator, "_study=study-b");

      assertThat(again.statusCode()).as(again.body()).isEqualTo(429);
      assertThat(again.headers().firstValue("Retry-After")).get().asString().matches("[1-9][0-9]*");
      JsonNode issue = JSON.readTree(again.body()).get("issue").get(0);
      assertThat(issue.get("code").asText()).isEqualTo("throttled");
      assertThat(issue.get("diagnostics").asText()).contains(first);
      assertThat(lines.list.stream().map(ILoggingEvent::getFormattedMessage))
          .anyMatch(
              l ->
                  l.contains("refused GET /fhir/$export status=429 client=evaluator")
                      && l.contains(first))
          .noneMatch(l -> l.contains("kicked-off") && l.contains("study=study-b"));
      String other = client.started(issuer.token("evaluator-b"), "_study=study-b");
      assertThat(client.get(first, evaluator).statusCode()).isEqualTo(202);

      release.countDown();
      assertThat(client.awaitDone(first, evaluator).statusCode()).isEqualTo(200);
      assertThat(client.awaitDone(other, issuer.token("evaluator-b")).statusCode()).isEqualTo(200);
      // Finished: the evaluator may kick off again.
      String next = client.started(evaluator, "_study=study-b");
      assertThat(client.awaitDone(next, evaluator).statusCode()).isEqualTo(200);
    } finally {
      release.countDown();
      audit.detachAppender(lines);
    }
  }

  @Test
  void theManifestSaysWhenItExpiresAndThenTheExportIsForgotten() throws Exception {
    String evaluator = issuer.token("evaluator");
    String status = client.started(evaluator, "_study=study-a");
    HttpResponse<String> done = client.awaitDone(status, evaluator);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    Instant finished = clock.instant();

    String expires = done.headers().firstValue("Expires").orElseThrow();
    // HTTP's date: a two-digit day, GMT.
    assertThat(expires)
        .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    Instant when = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    assertThat(when).isEqualTo(finished.plus(KEEP)).isAfter(Instant.now());
    String file = JSON.readTree(done.body()).get("output").get(0).get("url").asText();
    assertThat(client.get(file, evaluator).statusCode()).isEqualTo(200);

    clock.advance(KEEP);

    HttpResponse<String> gone = client.get(status, evaluator);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("OperationOutcome").contains("expired").contains("1h");
    assertThat(client.get(file, evaluator).statusCode()).isEqualTo(404);
  }

  @Test
  void typeNarrowsTheManifestToTheTypesAskedForAndAnUnknownTypeIsRefused() throws Exception {
    String evaluator = issuer.token("evaluator");
    String status = client.started(evaluator, "_study=study-a&_type=Score");
    HttpResponse<String> done = client.awaitDone(status, evaluator);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);

    JsonNode output = JSON.readTree(done.body()).get("output");
    assertThat(output).hasSize(1);
    assertThat(output.get(0).get("type").asText()).isEqualTo("Score");
    assertThat(output.get(0).get("count").asInt()).isEqualTo(10);
    HttpResponse<String> scores = client.get(output.get(0).get("url").asText(), evaluator);
    assertThat(scores.body().lines()).hasSize(10).allMatch(l -> l.contains("\"instrument\""));

    HttpResponse<String> unknown = client.kickOff(evaluator, "_study=study-a&_type=Patient");
    assertThat(unknown.statusCode()).isEqualTo(400);
    JsonNode issue = JSON.readTree(unknown.body()).get("issue").get(0);
    assertThat(issue.get("code").asText()).isEqualTo("invalid");
    assertThat(issue.get("expression").get(0).asText()).isEqualTo("_type");
  }

  /** Holds the export worker until the latch is released: jobs queue behind, still running. */
  private static CountDownLatch holdTheWorker() {
    CountDownLatch release = new CountDownLatch(1);
    worker.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return release;
  }
}
