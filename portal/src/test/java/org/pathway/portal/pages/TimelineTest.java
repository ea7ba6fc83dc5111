package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Communication.CommunicationStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class TimelineTest {

  static final String TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

  @Test
  void tellsWhoDidWhatOldestFirstInWords() {
    // given a referral from Hyde Park Surgery, delivered to lw-city by email and accepted there
    Task task = task();
    var created = change("2026-12-01T09:00:00Z", "requested", "author", "A81001", true);
    var accepted = change("2026-12-01T11:00:00Z", "accepted", "author", "lw-city", false);
    var email = message("2026-12-01T09:05:00Z", "EMAIL", CommunicationStatus.COMPLETED);

    // when the timeline is built, changes out of order
    List<TimelineLine> lines =
        Timeline.of(task, List.of(accepted, created), List.of(email), "lw-city");

    // then it reads oldest first, with the referrer by name and the link's recipient as "You"
    assertThat(lines)
        .containsExactly(
            new TimelineLine(
                Instant.parse("2026-12-01T09:00:00Z"),
                "timeline.who.named",
                "Hyde Park Surgery",
                "timeline.what.created"),
            new TimelineLine(
                Instant.parse("2026-12-01T09:05:00Z"),
                "timeline.who.pathway",
                null,
                "timeline.what.delivered.email"),
            new TimelineLine(
                Instant.parse("2026-12-01T11:00:00Z"),
                "timeline.who.you",
                null,
                "timeline.what.accepted"));
  }

  @Test
  void pathwaysOwnChangesAndOtherServicesAndFailedMessagesHaveTheirOwnWords() {
    Task task = task();
    var cascaded = change("2026-12-02T09:00:00Z", "cancelled", "performer", null, false);
    var other = change("2026-12-02T08:00:00Z", "in-progress", "author", "hub-city", false);
    var failed = message("2026-12-02T10:00:00Z", "PIGEON", CommunicationStatus.NOTDONE);

    List<TimelineLine> lines =
        Timeline.of(task, List.of(cascaded, other), List.of(failed), "lw-city");

    assertThat(lines)
        .extracting(l -> l.whoKey() + " " + l.whatKey())
        .containsExactly(
            "timeline.who.other timeline.what.in-progress",
            "timeline.who.pathway timeline.what.cancelled",
            "timeline.who.pathway timeline.what.failed.other");
  }

  @Test
  void everyLineItCanWriteHasWords() throws IOException {
    Properties bundle = new Properties();
    try (InputStream in = TimelineTest.class.getResourceAsStream("/i18n/messages.properties")) {
      bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    assertThat(bundle)
        .containsKeys(
            "timeline.title",
            "timeline.none",
            "timeline.who.you",
            "timeline.who.pathway",
            "timeline.who.referrer",
            "timeline.who.named",
            "timeline.who.other",
            "timeline.what.created",
            "timeline.what.updated");
    for (String s : Timeline.STATUSES) {
      assertThat(bundle).containsKey("timeline.what." + s);
    }
    for (String c : Timeline.CHANNELS) {
      assertThat(bundle).containsKeys("timeline.what.delivered." + c, "timeline.what.failed." + c);
    }
    assertThat(bundle).containsKeys("timeline.what.delivered.other", "timeline.what.failed.other");
  }

  static Task task() {
    var task = new Task();
    task.setId("t1");
    task.setRequester(
        new Reference()
            .setIdentifier(
                new Identifier()
                    .setSystem("https://fhir.nhs.uk/Id/ods-organization-code")
                    .setValue("A81001"))
            .setDisplay("Hyde Park Surgery"));
    return task;
  }

  static Provenance change(
      String at, String status, String agentType, String org, boolean creation) {
    var p = new Provenance();
    p.setRecorded(Date.from(Instant.parse(at)));
    p.addTarget(new Reference("Task/t1/_history/1"));
    if (creation) {
      p.addTarget(new Reference("ServiceRequest/sr1"));
    }
    p.setActivity(
        new CodeableConcept()
            .addCoding(new Coding("http://hl7.org/fhir/task-status", status, null)));
    var who = new Reference();
    if (org != null) {
      who.setIdentifier(
          new Identifier().setSystem("https://pathway.example.org/organization").setValue(org));
    }
    p.addAgent()
        .setType(new CodeableConcept().addCoding(new Coding(TYPE, agentType, null)))
        .setWho(who);
    p.addAgent()
        .setType(new CodeableConcept().addCoding(new Coding(TYPE, "enterer", null)))
        .setWho(new Reference().setDisplay("some-client"));
    return p;
  }

  static Communication message(String at, String channel, CommunicationStatus status) {
    var c = new Communication();
    c.setStatus(status);
    if (status == CommunicationStatus.COMPLETED) {
      c.setSent(Date.from(Instant.parse(at)));
    } else {
      c.getMeta().setLastUpdated(Date.from(Instant.parse(at)));
    }
    c.addMedium().setText(channel);
    return c;
  }
}
