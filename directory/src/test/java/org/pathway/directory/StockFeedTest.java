package org.pathway.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;

/** A stock Open Referral UK / HSDS 3.0 feed read as published, with the operator's mapping. */
class StockFeedTest {

  private static final String FEED = "classpath:directory/examples/oruk-stock-feed.json";
  private static final String MAPPING = "classpath:directory/examples/oruk-stock-mapping.yaml";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private FeedPage load() {
    return new HsdsFeedSource(FEED, DirectoryMapping.load(MAPPING), meters).changesSince(null);
  }

  @Test
  void loadsEveryGoodRecordAndSkipsTheMalformedOneNamingItAndWhy() {
    FeedPage page = load();

    assertThat(page.entries())
        .extracting(DirectoryEntry::id)
        .containsExactlyInAnyOrder(
            "oruk-sp-leeds-north",
            "oruk-walk-headingley",
            "oruk-chess-library",
            "oruk-debt-city",
            "oruk-choir-chapel-allerton");
    assertThat(page.removedIds()).containsExactly("oruk-closed-cafe");
    assertThat(page.skipped()).hasSize(1);
    SkippedRecord skipped = page.skipped().iterator().next();
    assertThat(skipped.record()).isEqualTo("oruk-allotment-broken");
    assertThat(skipped.reason()).contains("latitude").contains("north of the beck");
  }

  @Test
  void countsEachSkippedRecordOnTheDirectoryMeter() {
    load();
    load();

    assertThat(meters.get(HsdsFeedSource.SKIPPED_METER).counter().count()).isEqualTo(2.0);
  }

  @Test
  void takesKindReferralsChannelsAndPcnFromTheMappingNotTheFeed() {
    Directory directory = Directory.of(load().entries());

    DirectoryEntry linkWorkers = directory.byId("oruk-sp-leeds-north").orElseThrow();
    assertThat(linkWorkers.kind()).isEqualTo(ServiceKind.LINK_WORKER_SERVICE);
    assertThat(linkWorkers.acceptsReferrals()).isTrue();
    assertThat(linkWorkers.preferredChannel().orElseThrow())
        .isEqualTo(
            new ContactChannel(
                Channel.WEBHOOK,
                "https://leeds-north-sp.example.org/hooks/referrals",
                "leeds-north-webhook"));
    assertThat(linkWorkers.pcnCode()).isEqualTo("U12345");

    DirectoryEntry walks = directory.byId("oruk-walk-headingley").orElseThrow();
    assertThat(walks.kind()).isEqualTo(ServiceKind.COMMUNITY_GROUP);
    assertThat(walks.acceptsReferrals()).isTrue();
    assertThat(walks.preferredChannel().orElseThrow().address())
        .isEqualTo("coordinator@leeds-walks.example.org");
    assertThat(directory.byId("oruk-choir-chapel-allerton").orElseThrow().preferredChannel())
        .hasValueSatisfying(c -> assertThat(c.channel()).isEqualTo(Channel.SMS));

    DirectoryEntry chess = directory.byId("oruk-chess-library").orElseThrow();
    assertThat(chess.acceptsReferrals()).isFalse();
    // signposting only: nothing to route to, whatever the feed publishes
    assertThat(chess.channels()).isEmpty();
  }

  @Test
  void readsPlacesOpeningHoursPublicContactAndCapacityAsPublished() {
    Directory directory = Directory.of(load().entries());

    DirectoryEntry chess = directory.byId("oruk-chess-library").orElseThrow();
    assertThat(chess.listing().districts()).containsExactly("LS6");
    assertThat(chess.listing().places().get(0).address()).isEqualTo("North Lane, Leeds");
    assertThat(chess.listing().openingHours())
        .containsExactly(
            new OpeningHours(
                List.of(DayOfWeek.THURSDAY),
                LocalTime.of(14, 0),
                LocalTime.of(16, 0),
                "not in August"));
    assertThat(chess.listing().openingHours().get(0).text())
        .isEqualTo("Thu 14:00–16:00 (not in August)");
    // the organisation's contact stands in for the service's own
    assertThat(chess.listing().contact())
        .isEqualTo(
            new PublicContact(
                "0113 496 0200",
                "libraries@leeds.example.gov.uk",
                "https://libraries.leeds.example.gov.uk"));
    assertThat(chess.capacity()).isEqualTo(CapacityStatus.NO_CAPACITY_HAS_WAITLIST);

    DirectoryEntry walks = directory.byId("oruk-walk-headingley").orElseThrow();
    assertThat(walks.capacityDetail().placesLeft()).isEqualTo(6);
    assertThat(walks.listing().openingHours().get(0).text()).isEqualTo("Wed 10:00–11:00");
    assertThat(walks.types())
        .extracting(Term::code)
        .containsExactlyInAnyOrder("physical-activity", "loneliness");
  }

  @Test
  void withoutAMappingAStockServiceIsASignpostOnlyCommunityGroup() throws IOException {
    String feed =
        """
        [{"id": "s1", "name": "Knit and Natter", "email": "knit@example.org",
          "organization": {"id": "o1", "name": "Knitters"}}]
        """;

    FeedPage page =
        new HsdsFeedReader()
            .read(new ByteArrayInputStream(feed.getBytes(StandardCharsets.UTF_8)), null)
            .change();

    DirectoryEntry entry = page.entries().iterator().next();
    assertThat(entry.kind()).isEqualTo(ServiceKind.COMMUNITY_GROUP);
    assertThat(entry.acceptsReferrals()).isFalse();
    assertThat(entry.listing().contact().email()).isEqualTo("knit@example.org");
  }

  @Test
  void aRecordWithoutIdOrNameIsSkippedAndTheRestLoads() throws IOException {
    String feed =
        """
        [{"name": "No id"}, {"id": "nameless"}, {"id": "ok", "name": "Fine"},
         {"id": "bad-day", "name": "Bad day", "schedules": [{"byday": "XX", "opens_at": "10:00"}]}]
        """;

    FeedPage page =
        new HsdsFeedReader()
            .read(new ByteArrayInputStream(feed.getBytes(StandardCharsets.UTF_8)), null)
            .change();

    assertThat(page.entries()).extracting(DirectoryEntry::id).containsExactly("ok");
    assertThat(page.skipped())
        .extracting(SkippedRecord::record)
        .containsExactly("#1", "nameless", "bad-day");
    assertThat(page.skipped()).extracting(SkippedRecord::reason).last().asString().contains("XX");
  }
}
