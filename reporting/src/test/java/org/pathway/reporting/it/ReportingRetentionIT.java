package org.pathway.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.reporting.support.JourneyScript;
import org.pathway.reporting.support.ReportingApp;
import org.pathway.reporting.support.TestIssuer;

/**
 * Reporting's figures outlive the events they were made from (issue 17). The ledger keeps a
 * referral 8 years and purges it without a word on Kafka; long before that, the referral events
 * topic has dropped its events by {@code retention.ms} (14 days, the catalogue's). So the figures
 * must stand on reporting's own store and its changelog: here the topic is emptied as retention
 * empties it (its log start moved past every record), the figures are unchanged, and after the
 * state directory is lost and reporting restarts they are rebuilt — from the changelog, since the
 * source holds nothing — the same. The changelog is compacted with no time limit, so Kafka never
 * drops a journey by age.
 */
class ReportingRetentionIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant APRIL = Instant.parse("2026-04-06T09:00:00Z");
  private static final String APPLICATION_ID = "pathway-reporting-retention-it";

  private static KafkaCluster kafka;
  private static TestIssuer issuer;
  private static Admin admin;
  private static Path stateDir;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTests();
    // The topic exactly as the catalogue (and so compose, Kubernetes and dev mode) defines it.
    kafka.createTopics(List.of(Topics.REFERRAL_EVENTS.toNewTopic((short) 1)));
    issuer = new TestIssuer();
    stateDir = Files.createTempDirectory("reporting-retention-state");
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
    issuer.close();
    kafka.close();
  }

  /** Six journeys from referral to completion, with a SWEMWBS pair each. */
  private static List<JourneyScript> journeys() {
    List<JourneyScript> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(
          JourneyScript.referral(
                  "kept-" + i,
                  APRIL.plusSeconds(i * 3600L),
                  "A81001",
                  "U1",
                  "wellbeing",
                  "female",
                  "A",
                  "45-64",
                  3)
              .accepted(2, "lw-north")
              .business(4, "first-conversation-held", "lw-north")
              .score(4, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 18)
              .score(30, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 24)
              .completed(30, "lw-north"));
    }
    return all;
  }

  @Test
  void figuresSurviveTheEventsLeavingTheTopicAndARebuildFromKafka() throws Exception {
    String commissioner = issuer.token("commissioner");
    ReportingApp.publish(kafka.bootstrapServers(), journeys());

    // given reporting has counted six referrals
    String before;
    ApplicationContext first =
        ReportingApp.start(kafka.bootstrapServers(), stateDir, APPLICATION_ID, issuer);
    try {
      before = ReportingApp.awaitFigures(first, commissioner, 6);
      JsonNode figures = JSON.readTree(before);
      assertThat(figures.at("/funnel/0/reached").asLong()).isEqualTo(6);
      assertThat(figures.at("/outcomes/all/0/pairs").asLong()).isEqualTo(6);

      // when the referral events topic drops them, as its retention does
      dropEveryEvent();
      assertThat(eventsLeft()).isZero();

      // then the figures are unchanged
      assertThat(JSON.readTree(ReportingApp.awaitFigures(first, commissioner, 6)))
          .isEqualTo(JSON.readTree(before));
    } finally {
      first.close();
    }
    // and nothing of it is left running: no Kafka client of its, no meter schedule
    assertThat(ReportingApp.threadsOfReporting()).isEmpty();

    // and when reporting loses its state and starts again, with the source topic empty
    ReportingApp.deleteRecursively(stateDir);
    ApplicationContext second =
        ReportingApp.start(kafka.bootstrapServers(), stateDir, APPLICATION_ID, issuer);
    try {
      String after = ReportingApp.awaitFigures(second, commissioner, 6);
      // then it rebuilds the same figures, which only its changelog can have given back
      assertThat(JSON.readTree(after)).isEqualTo(JSON.readTree(before));
      assertThat(eventsLeft()).isZero();
    } finally {
      second.close();
    }

    // the changelog keeps every journey for good: compacted, never deleted by age
    Config changelog =
        admin
            .describeConfigs(
                List.of(
                    new ConfigResource(
                        ConfigResource.Type.TOPIC, APPLICATION_ID + "-journeys-changelog")))
            .all()
            .get(30, TimeUnit.SECONDS)
            .values()
            .iterator()
            .next();
    assertThat(changelog.get("cleanup.policy").value()).isEqualTo("compact");
  }

  /** Moves the topic's log start past its last record on every partition: what retention does. */
  private static void dropEveryEvent() throws Exception {
    Map<TopicPartition, RecordsToDelete> drop = new HashMap<>();
    latest().forEach((tp, end) -> drop.put(tp, RecordsToDelete.beforeOffset(end)));
    admin.deleteRecords(drop).all().get(30, TimeUnit.SECONDS);
  }

  /** Records a reader starting from the earliest offset would still find on the topic. */
  private static long eventsLeft() throws Exception {
    Map<TopicPartition, Long> latest = latest();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    latest.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
    var starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
    long left = 0;
    for (var e : latest.entrySet()) {
      left += e.getValue() - starts.get(e.getKey()).offset();
    }
    return left;
  }

  private static Map<TopicPartition, Long> latest() throws Exception {
    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    for (int p = 0; p < Topics.REFERRAL_EVENTS.partitions(); p++) {
      ask.put(new TopicPartition(Topics.REFERRAL_EVENTS.name(), p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(ask)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }
}
