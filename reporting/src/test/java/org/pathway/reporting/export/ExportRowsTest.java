package org.pathway.reporting.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pathway.reporting.journey.Exit;
import org.pathway.reporting.journey.ExitMark;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Mark;
import org.pathway.reporting.journey.Profile;
import org.pathway.reporting.journey.Score;
import org.pathway.reporting.journey.Step;

class ExportRowsTest {

  private static final String SECRET = "unit-test-secret-0123456789abcdef";
  private static final long REFERRED = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
  private static final long DAY = 86_400_000L;

  private static Journey journey(String id) {
    return new Journey(
        id,
        "task-" + id,
        new Profile("A81001", "U1", "wellbeing", "GP", "lw-north", null, "female", "A", "45-64", 3),
        Map.of(
            Step.REFERRED, new Mark(REFERRED, "Dr Person"),
            Step.ACCEPTED, new Mark(REFERRED + 2 * DAY + 3_600_000, "Link Worker")),
        new ExitMark(Exit.DROPPED_OUT, Step.ACCEPTED, REFERRED + 40 * DAY, "Link Worker"),
        null,
        List.of(new Score("SWEMWBS", "ENTRY", 20, REFERRED + 5 * DAY, "obs-" + id)));
  }

  @Test
  void replacesTheReferralByThePseudonymAndDatesByMonths() {
    Pseudonyms study = new Pseudonyms(SECRET, "study-a");
    Map<String, Object> row = ExportRows.journey(journey("ref-1"), study);

    assertThat(row.keySet()).containsExactlyElementsOf(ExportRows.JOURNEY_COLUMNS);
    assertThat(row.get("id")).isEqualTo(study.of("ref-1")).asString().matches("[0-9a-f]{32}");
    assertThat(row.get("referredMonth")).isEqualTo("2026-03");
    assertThat(row.get("acceptedDays")).isEqualTo(2L);
    assertThat(row.get("exit")).isEqualTo("dropped-out");
    assertThat(row.get("exitMonth")).isEqualTo("2026-04");
    assertThat(row.get("deprivationDecile")).isEqualTo(3);
    // No referral id, Task, Observation or person who acted, anywhere in the row.
    assertThat(row.toString())
        .doesNotContain("ref-1", "task-", "obs-", "Dr Person", "Link Worker", "2026-03-02");

    List<Map<String, Object>> scores = ExportRows.scores(journey("ref-1"), study);
    assertThat(scores).hasSize(1);
    assertThat(scores.get(0))
        .containsEntry("journey", row.get("id"))
        .containsEntry("month", "2026-03")
        .containsEntry("daysFromReferral", 5L);
    assertThat(scores.get(0).toString()).doesNotContain("obs-");
  }

  @Test
  void pseudonymsAreStableWithinAStudyAndDifferAcrossStudies() {
    Pseudonyms a = new Pseudonyms(SECRET, "study-a");
    assertThat(new Pseudonyms(SECRET, "study-a").of("ref-1")).isEqualTo(a.of("ref-1"));
    assertThat(a.of("ref-2")).isNotEqualTo(a.of("ref-1"));
    assertThat(new Pseudonyms(SECRET, "study-b").of("ref-1")).isNotEqualTo(a.of("ref-1"));
    assertThat(new Pseudonyms(SECRET + "x", "study-a").of("ref-1")).isNotEqualTo(a.of("ref-1"));
  }

  @Test
  void csvFilesHaveTheHeaderAndOneLinePerJourney() {
    Map<String, String> files =
        ExportFiles.of(
            List.of(journey("ref-1"), journey("ref-2"), Journey.start("never-referred")),
            new Pseudonyms(SECRET, "study-a"),
            ExportFiles.Format.CSV,
            Set.copyOf(ExportFiles.TYPES));
    String[] lines = files.get(ExportRows.JOURNEY).split("\r\n");
    assertThat(lines[0]).isEqualTo(String.join(",", ExportRows.JOURNEY_COLUMNS));
    assertThat(lines).hasSize(3);
    assertThat(files.get(ExportRows.SCORE).split("\r\n")).hasSize(3);
  }

  @Test
  void typeNarrowsTheFilesToThoseAskedFor() {
    Set<String> scoresOnly = ExportFiles.typesOf(List.of("Score"));
    assertThat(scoresOnly).containsExactly(ExportRows.SCORE);

    Map<String, String> files =
        ExportFiles.of(
            List.of(journey("ref-1")),
            new Pseudonyms(SECRET, "study-a"),
            ExportFiles.Format.NDJSON,
            scoresOnly);

    assertThat(files.keySet()).containsExactly(ExportRows.SCORE);
    assertThat(files.get(ExportRows.SCORE).lines()).hasSize(1);
  }

  @Test
  void typeTakesCommaSeparatedAndRepeatedValuesInTheExportsOrderAndRefusesUnknownOnes() {
    assertThat(ExportFiles.typesOf(List.of())).containsExactlyElementsOf(ExportFiles.TYPES);
    assertThat(ExportFiles.typesOf(List.of("Score,Journey")))
        .containsExactly(ExportRows.JOURNEY, ExportRows.SCORE);
    assertThat(ExportFiles.typesOf(List.of("Score", "Journey")))
        .containsExactly(ExportRows.JOURNEY, ExportRows.SCORE);
    assertThat(ExportFiles.typesOf(List.of("Patient"))).isNull();
    assertThat(ExportFiles.typesOf(List.of("Journey,Patient"))).isNull();
    assertThat(ExportFiles.typesOf(List.of("Journey,"))).isNull();
    assertThat(ExportFiles.typesOf(List.of(""))).isNull();
  }
}
