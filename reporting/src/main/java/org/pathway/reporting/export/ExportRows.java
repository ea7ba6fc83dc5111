package org.pathway.reporting.export;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Mark;
import org.pathway.reporting.journey.Profile;
import org.pathway.reporting.journey.Score;
import org.pathway.reporting.journey.Step;

/**
 * A journey as a study may see it. Every identifier (the referral) becomes the study's pseudonym;
 * who did a step (a person) is left out; dates become months ({@code 2026-03}) and intervals whole
 * days since referral; geography is the deprivation decile only (journeys carry no postcode or
 * LSOA); organisations (practice, PCN, services, groups) stay, as the evaluation compares them. No
 * free text exists on a journey, and none is added. Plain Java; journeys in, rows out.
 */
public final class ExportRows {

  /** The NDJSON/CSV file types, as named in the manifest's {@code output[].type}. */
  public static final String JOURNEY = "Journey";

  /** One row per wellbeing score. */
  public static final String SCORE = "Score";

  /** The journey file's columns, in order (also the CSV header). */
  public static final List<String> JOURNEY_COLUMNS =
      List.of(
          "id",
          "referredMonth",
          "pathway",
          "source",
          "practice",
          "pcn",
          "linkWorkerService",
          "group",
          "sex",
          "ethnicCategory",
          "ageBand",
          "deprivationDecile",
          "furthestStep",
          "acceptedDays",
          "firstConversationDays",
          "planAgreedDays",
          "referredToGroupDays",
          "firstSessionDays",
          "completedDays",
          "exit",
          "exitAfterStep",
          "exitMonth",
          "didNotAttend");

  /** The score file's columns, in order. */
  public static final List<String> SCORE_COLUMNS =
      List.of("journey", "instrument", "timing", "score", "month", "daysFromReferral");

  private static final long DAY = 86_400_000L;

  private ExportRows() {}

  /** The journey's row; {@code referredAt} must be known (the export counts referred journeys). */
  public static Map<String, Object> journey(Journey j, Pseudonyms pseudonyms) {
    Profile p = j.profile();
    long referred = j.referredAt();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", pseudonyms.of(j.referralId()));
    row.put("referredMonth", month(referred));
    row.put("pathway", p.pathway());
    row.put("source", p.source());
    row.put("practice", p.practice());
    row.put("pcn", p.pcn());
    row.put("linkWorkerService", p.linkWorkerService());
    row.put("group", p.group());
    row.put("sex", p.sex());
    row.put("ethnicCategory", p.ethnicCategory());
    row.put("ageBand", p.ageBand());
    row.put("deprivationDecile", p.deprivationDecile());
    row.put("furthestStep", j.furthest().map(Step::code).orElse(null));
    row.put("acceptedDays", days(j, Step.ACCEPTED, referred));
    row.put("firstConversationDays", days(j, Step.FIRST_CONVERSATION, referred));
    row.put("planAgreedDays", days(j, Step.PLAN_AGREED, referred));
    row.put("referredToGroupDays", days(j, Step.REFERRED_TO_GROUP, referred));
    row.put("firstSessionDays", days(j, Step.FIRST_SESSION, referred));
    row.put("completedDays", days(j, Step.COMPLETED, referred));
    row.put("exit", j.exit() == null ? null : j.exit().kind().code());
    row.put("exitAfterStep", j.exit() == null ? null : j.exit().after().code());
    row.put("exitMonth", j.exit() == null ? null : month(j.exit().at()));
    row.put("didNotAttend", j.didNotAttendAt() != null);
    return row;
  }

  /** The journey's scores, one row each. */
  public static List<Map<String, Object>> scores(Journey j, Pseudonyms pseudonyms) {
    String id = pseudonyms.of(j.referralId());
    long referred = j.referredAt();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Score s : j.scores()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("journey", id);
      row.put("instrument", s.instrument());
      row.put("timing", s.timing());
      row.put("score", s.score());
      row.put("month", month(s.effectiveAt()));
      row.put("daysFromReferral", Math.floorDiv(s.effectiveAt() - referred, DAY));
      rows.add(row);
    }
    return rows;
  }

  private static Long days(Journey j, Step step, long referred) {
    Mark m = j.steps().get(step);
    return m == null ? null : Math.floorDiv(m.at() - referred, DAY);
  }

  static String month(long epochMillis) {
    return YearMonth.from(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC)).toString();
  }
}
