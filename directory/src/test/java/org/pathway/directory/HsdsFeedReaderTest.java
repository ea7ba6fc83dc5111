package org.pathway.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;

class HsdsFeedReaderTest {

  private final HsdsFeedReader reader = new HsdsFeedReader();

  private HsdsFeedReader.Page read(String json, Instant after) throws IOException {
    return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), after);
  }

  /** The demo feed this module ships, the default of every service that reads the directory. */
  private Directory demoDirectory() {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("directory/hsds-demo-feed.json")) {
      return Directory.of(reader.read(in, null).change().entries());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void knowsEachPracticesPrimaryCareNetwork() {
    Directory directory = demoDirectory();

    assertThat(directory.byOdsCode("A81001").orElseThrow().pcnCode()).isEqualTo("U54321");
    assertThat(directory.byOdsCode("B82005").orElseThrow().pcnCode()).isEqualTo("U67890");
    // a service that is not a practice belongs to no PCN
    assertThat(directory.byId("lw-north").orElseThrow().pcnCode()).isNull();
  }

  @Test
  void mapsTheDemoFeedWithCapacityAndChannels() {
    Directory directory = demoDirectory();
    assertThat(directory.byId("walk-and-talk"))
        .hasValueSatisfying(
            g -> {
              assertThat(g.kind()).isEqualTo(ServiceKind.COMMUNITY_GROUP);
              assertThat(g.capacity()).isEqualTo(CapacityStatus.CAPACITY);
              assertThat(g.preferredChannel().orElseThrow().channel()).isEqualTo(Channel.SMS);
            });
    assertThat(directory.byId("allotment-friends").orElseThrow().capacity())
        .isEqualTo(CapacityStatus.NO_CAPACITY_HAS_WAITLIST);
    assertThat(directory.byId("english-conversation").orElseThrow().capacity())
        .isEqualTo(CapacityStatus.NO_CAPACITY);
    assertThat(
            directory
                .byOdsCode("a81001")
                .orElseThrow()
                .channel(Channel.FHIR)
                .orElseThrow()
                .address())
        .isEqualTo("https://gp-a81001.example.nhs.uk/fhir");
    assertThat(directory.byReference("Organization/B82005").orElseThrow().name())
        .isEqualTo("Riverside Surgery");
  }

  @Test
  void readsOnlyChangesAfterModifiedAfterAndRemovesInactiveServices() throws IOException {
    String feed =
        """
        {"total_pages": 1, "contents": [
          {"id": "old", "name": "Old", "status": "active", "last_modified": "2026-01-01T00:00:00Z",
           "attributes": [{"taxonomy_term": {"vocabulary": "pathway-service-kind", "code": "community-group"}}]},
          {"id": "new", "name": "New", "status": "active", "last_modified": "2026-06-01T00:00:00Z",
           "attributes": [{"taxonomy_term": {"vocabulary": "pathway-service-kind", "code": "community-group"}}]},
          {"id": "closed", "name": "Closed", "status": "inactive", "last_modified": "2026-06-02T00:00:00Z"}
        ]}
        """;
    FeedPage change = read(feed, Instant.parse("2026-03-01T00:00:00Z")).change();
    assertThat(change.entries()).extracting(DirectoryEntry::id).containsExactly("new");
    assertThat(change.removedIds()).containsExactly("closed");

    Directory directory = Directory.of(read(feed, null).change().entries());
    directory.apply(change);
    assertThat(directory.byId("closed")).isEmpty();
    assertThat(directory.lastModified()).contains(Instant.parse("2026-06-01T00:00:00Z"));
  }

  @Test
  void keepsPlacesWaitlistAreasAndOtherTermsForTheDirectorysReaders() throws IOException {
    String feed =
        """
        [{"id": "g1", "name": "G1", "description": "Weekly walk", "last_modified": "2026-06-01T00:00:00Z",
          "service_areas": [{"name": "Roundhay"}],
          "service_capacity": [
            {"available": 0, "unit": {"name": "places"}, "updated": "2026-06-03T00:00:00Z"},
            {"available": 1, "unit": {"name": "waitlist"}}],
          "attributes": [
            {"taxonomy_term": {"vocabulary": "pathway-service-kind", "code": "community-group"}},
            {"taxonomy_term": {"vocabulary": "activity", "code": "walking", "name": "Walking"}}]}]
        """;
    DirectoryEntry g1 = read(feed, null).change().entries().iterator().next();
    assertThat(g1.capacityDetail())
        .isEqualTo(
            new Capacity(
                CapacityStatus.NO_CAPACITY_HAS_WAITLIST,
                0,
                true,
                Instant.parse("2026-06-03T00:00:00Z"),
                0));
    assertThat(g1.description()).isEqualTo("Weekly walk");
    assertThat(g1.areas()).containsExactly("Roundhay");
    assertThat(g1.types()).containsExactly(new Term("activity", "walking", "Walking"));
  }

  @Test
  void skipsAServiceWithAnUnknownPathwayKindNamingIt() throws IOException {
    HsdsFeedReader.Page page =
        read(
            """
            [{"id": "x1", "name": "X", "attributes": [
               {"taxonomy_term": {"vocabulary": "pathway-service-kind", "code": "allotment"}}]},
             {"id": "x2", "name": "Y"}]
            """,
            null);

    assertThat(page.change().entries()).extracting(DirectoryEntry::id).containsExactly("x2");
    assertThat(page.change().skipped())
        .containsExactly(new SkippedRecord("x1", "unknown kind 'allotment'"));
  }

  @Test
  void refusesADocumentWithoutServices() {
    assertThatThrownBy(() -> read("{\"items\": []}", null))
        .isInstanceOf(InvalidFeedException.class)
        .hasMessageContaining("contents");
  }
}
