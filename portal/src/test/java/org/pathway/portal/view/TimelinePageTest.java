package org.pathway.portal.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.pathway.portal.flow.TimelineRow;

/** The link worker's page shows the timeline as words a person reads, in order, without scripts. */
class TimelinePageTest {

  @Test
  void showsEachLineWithItsTimeWhoAndWhat() {
    Map<String, Object> model = page();
    model.put(
        "timeline",
        List.of(
            new TimelineRow(
                "1 December 2026, 09:00",
                "timeline.who.named",
                "Hyde Park Surgery",
                "timeline.what.created"),
            new TimelineRow(
                "1 December 2026, 09:05",
                "timeline.who.pathway",
                null,
                "timeline.what.delivered.email"),
            new TimelineRow(
                "1 December 2026, 11:00", "timeline.who.you", null, "timeline.what.accepted")));

    var html = Jsoup.parse(new PageRenderer().render("task", Locale.ENGLISH, model));

    assertThat(html.select("section.timeline h2").text())
        .isEqualTo("What has happened to this referral");
    assertThat(html.select("li.timeline-line").eachText())
        .containsExactly(
            "1 December 2026, 09:00 Hyde Park Surgery sent the referral",
            "1 December 2026, 09:05 Pathway delivered an email about this referral",
            "1 December 2026, 11:00 You accepted the referral");
    assertThat(html.select("script")).isEmpty();
    assertThat(html.text()).doesNotContain("??");
  }

  @Test
  void saysSoWhenNothingHasHappenedAndShowsNoTimelineWithoutOne() {
    Map<String, Object> model = page();
    model.put("timeline", List.of());
    var empty = Jsoup.parse(new PageRenderer().render("task", Locale.ENGLISH, model));
    assertThat(empty.select("section.timeline p").text()).isEqualTo("Nothing to show yet.");

    var facilitator = Jsoup.parse(new PageRenderer().render("task", Locale.ENGLISH, page()));
    assertThat(facilitator.select("section.timeline")).isEmpty();
  }

  /** The model ShowLink builds for a page with nothing to answer. */
  static Map<String, Object> page() {
    Map<String, Object> model = new HashMap<>();
    model.put("purpose", "link-worker");
    model.put("postUrl", "/l/token");
    model.put("facts", List.of());
    model.put("statusKey", "status.accepted");
    model.put("statusDate", "1 December 2026");
    model.put("version", 3);
    model.put("answers", Map.of());
    model.put("reasons", List.of());
    model.put("instruments", List.of());
    model.put("today", "2026-12-01");
    return model;
  }
}
