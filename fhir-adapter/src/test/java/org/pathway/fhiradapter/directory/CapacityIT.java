package org.pathway.fhiradapter.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.GroupCapacityReported;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.Extensions;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The directory over the API: every referral role finds groups with their capacity and nothing of
 * their contact details; a group reports its own capacity (If-Match, a new version, an audit
 * record, {@code GroupCapacityReported} on its topic) and nothing else, and nobody else reports it.
 */
class CapacityIT {

  static final String GROUP_A = "group-a"; // organisation walking-group-ls6
  static final String GROUP_B = "group-b"; // organisation allotment-friends
  static final String LINK_WORKER = "lw-city";

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static TopicTail capacityTopic;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    Path feed =
        Path.of(
            CapacityIT.class.getClassLoader().getResource("directory/capacity-feed.json").toURI());
    adapter =
        Adapter.start(
            db, kafka.bootstrapServers(), Map.of("pathway.directory.feed", feed.toString()));
    capacityTopic = new TopicTail(kafka.bootstrapServers(), Topics.DIRECTORY_CAPACITY.name());
  }

  @AfterAll
  static void stop() {
    if (capacityTopic != null) {
      capacityTopic.close();
    }
    if (adapter != null) {
      adapter.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (db != null) {
      db.close();
    }
  }

  static Api as(String clientId) {
    return Api.as(adapter, clientId);
  }

  static HealthcareService read(String clientId, String id) {
    var res = as(clientId).get("/HealthcareService/" + id);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return Api.parse(HealthcareService.class, res);
  }

  static List<String> ids(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return Api.bundle(res).getEntry().stream()
        .map(e -> e.getResource().getIdElement().getIdPart())
        .toList();
  }

  static Extension capacity(HealthcareService hs) {
    return hs.getExtensionByUrl(Extensions.GROUP_CAPACITY);
  }

  static Object part(HealthcareService hs, String name) {
    Extension part = capacity(hs).getExtensionByUrl(name);
    return part == null ? null : part.getValue().primitiveValue();
  }

  /** {@code hs} reporting places left and waitlist (and a status, when not null). */
  static HealthcareService reporting(
      HealthcareService hs, String status, Integer places, Boolean waitlist) {
    HealthcareService changed = hs.copy();
    changed.getExtension().removeIf(e -> Extensions.GROUP_CAPACITY.equals(e.getUrl()));
    Extension ext = new Extension(Extensions.GROUP_CAPACITY);
    if (status != null) {
      ext.addExtension(Extensions.STATUS, new CodeType(status));
    }
    if (places != null) {
      ext.addExtension(Extensions.PLACES_LEFT, new UnsignedIntType(places));
    }
    if (waitlist != null) {
      ext.addExtension(Extensions.WAITLIST_OPEN, new BooleanType(waitlist));
    }
    changed.addExtension(ext);
    return changed;
  }

  @Test
  void aLinkWorkerFindsGroupsWithTheirCapacityAndNoContactDetails() {
    // when a link worker searches the directory's community groups
    var res = as(LINK_WORKER).get("/HealthcareService?service-category=community-group");

    // then both groups, and only groups, are found
    assertThat(ids(res)).containsExactlyInAnyOrder("walking-group-ls6", "allotment-friends");
    // with the feed's capacity, places and waitlist
    HealthcareService friends = read(LINK_WORKER, "allotment-friends");
    assertThat(part(friends, Extensions.STATUS)).isEqualTo("no-capacity-has-waitlist");
    assertThat(part(friends, Extensions.PLACES_LEFT)).isEqualTo("0");
    assertThat(part(friends, Extensions.WAITLIST_OPEN)).isEqualTo("true");
    assertThat(friends.getMeta().getVersionId()).isEqualTo("1");
    assertThat(friends.getCategoryFirstRep().getCodingFirstRep().getSystem())
        .isEqualTo(CodeSystems.SERVICE_KIND);
    HealthcareService walk = read(LINK_WORKER, "walking-group-ls6");
    assertThat(walk.getName()).isEqualTo("LS6 Walking Group");
    assertThat(walk.getCoverageAreaFirstRep().getDisplay()).isEqualTo("Headingley, Leeds LS6");
    assertThat(walk.getComment()).isEqualTo("A weekly walk around Woodhouse Moor");
    // and never a channel, secret, email or phone number
    String everything = res.body() + as(LINK_WORKER).get("/HealthcareService").body();
    assertThat(everything)
        .doesNotContain("walk.example.org/hook")
        .doesNotContain("WALK_HOOK_SECRET")
        .doesNotContain("sam@walk.example.org")
        .doesNotContain("+447700900123")
        .doesNotContain("friends@allotment.example.org")
        .doesNotContain("telecom")
        .doesNotContain("endpoint");
  }

  @Test
  void searchesByNameTypeAndActiveAndServesNoPractice() {
    assertThat(ids(as(GROUP_B).get("/HealthcareService?name=walk")))
        .containsExactly("walking-group-ls6");
    assertThat(
            ids(
                as(LINK_WORKER)
                    .get(
                        "/HealthcareService?type=https://pathway.example.org/fhir/activity%7Cwalking")))
        .containsExactly("walking-group-ls6");
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?service-type=walking&name=LS6")))
        .containsExactly("walking-group-ls6");
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?service-type=knitting"))).isEmpty();
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?active=true")))
        .containsExactlyInAnyOrder("walking-group-ls6", "allotment-friends", "lw-city");
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?active=false"))).isEmpty();
    assertThat(as(LINK_WORKER).get("/HealthcareService/gp-a81001").statusCode()).isEqualTo(404);
  }

  @Test
  void aGroupReportsItsOwnCapacityAsANewVersionAnnouncedToTheRouter() {
    // given group A's service as it reads it
    HealthcareService before = read(GROUP_A, "walking-group-ls6");
    String version = before.getMeta().getVersionId();
    int v = Integer.parseInt(version);

    // when it reports no places left and its waitlist closed
    var res =
        as(GROUP_A)
            .with("X-Request-ID", "capacity-report-1")
            .put(
                "/HealthcareService/walking-group-ls6", reporting(before, null, 0, false), version);

    // then a new version is served with that capacity and the time it was recorded
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(res.headers().firstValue("ETag")).hasValue("W/\"" + (v + 1) + "\"");
    HealthcareService after = read(LINK_WORKER, "walking-group-ls6");
    assertThat(after.getMeta().getVersionId()).isEqualTo(Integer.toString(v + 1));
    assertThat(part(after, Extensions.STATUS)).isEqualTo("no-capacity");
    assertThat(part(after, Extensions.PLACES_LEFT)).isEqualTo("0");
    assertThat(part(after, Extensions.WAITLIST_OPEN)).isEqualTo("false");
    assertThat(part(after, Extensions.REPORTED_AT)).isNotNull();
    // and the router is told, keyed by the group
    var events =
        capacityTopic.awaitRecords(
            rs -> rs.stream().anyMatch(r -> "walking-group-ls6".equals(r.key())),
            Duration.ofSeconds(30));
    assertThat(events).isNotEmpty();
    GroupCapacityReported event =
        capacityTopic.events(GroupCapacityReported.class).stream()
            .filter(e -> e.getVersion() == v + 1)
            .findFirst()
            .orElseThrow();
    assertThat(event.getGroupId()).isEqualTo("walking-group-ls6");
    assertThat(event.getStatus()).isEqualTo(CapacityStatus.NO_CAPACITY);
    assertThat(event.getPlacesLeft()).isZero();
    assertThat(event.getEnvelope().getReferralId()).isEqualTo("walking-group-ls6");
    // and the ledger holds the report and its audit record
    assertThat(adapter.ledger().count("group_capacity", "group_id = ?", "walking-group-ls6"))
        .isEqualTo(v);
    assertThat(
            adapter
                .ledger()
                .count(
                    "audit_event",
                    "kind = 'ledger' AND interaction = 'update' AND resource_type = ?"
                        + " AND resource_id = ?",
                    "HealthcareService",
                    "walking-group-ls6"))
        .isEqualTo(v);

    // when the same answer is sent again (a replayed form), it is answered, not applied twice
    var replay =
        as(GROUP_A)
            .with("X-Request-ID", "capacity-report-1")
            .put(
                "/HealthcareService/walking-group-ls6", reporting(before, null, 0, false), version);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
    assertThat(Api.parse(HealthcareService.class, replay).getMeta().getVersionId())
        .isEqualTo(Integer.toString(v + 1));
    assertThat(adapter.ledger().count("group_capacity", "group_id = ?", "walking-group-ls6"))
        .isEqualTo(v);

    // and a report from the version before is stale
    var stale =
        as(GROUP_A)
            .put("/HealthcareService/walking-group-ls6", reporting(before, null, 5, null), version);
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
  }

  @Test
  void nobodyButTheGroupReportsItsCapacity() {
    HealthcareService friends = read(GROUP_B, "allotment-friends");
    String version = friends.getMeta().getVersionId();
    HealthcareService full = reporting(friends, "no-capacity", 0, false);

    // group A reporting for group B
    var otherGroup = as(GROUP_A).put("/HealthcareService/allotment-friends", full, version);
    assertThat(otherGroup.statusCode()).as(otherGroup.body()).isIn(403, 404);
    // a link worker, whose token even carries the update scope
    var linkWorker = as(LINK_WORKER).put("/HealthcareService/allotment-friends", full, version);
    assertThat(linkWorker.statusCode()).as(linkWorker.body()).isEqualTo(403);
    assertThat(Api.outcome(linkWorker).getIssueFirstRep().getCode().toCode())
        .isEqualTo("forbidden");

    // then nothing changed
    HealthcareService still = read(GROUP_B, "allotment-friends");
    assertThat(still.getMeta().getVersionId()).isEqualTo(version);
    assertThat(part(still, Extensions.STATUS)).isEqualTo("no-capacity-has-waitlist");
    assertThat(adapter.ledger().count("group_capacity", "group_id = ?", "allotment-friends"))
        .isZero();
  }

  @Test
  void onlyTheCapacityMayChangeAndItMustAddUp() {
    HealthcareService friends = read(GROUP_B, "allotment-friends");
    String version = friends.getMeta().getVersionId();

    // a renamed group
    HealthcareService renamed = reporting(friends, null, 2, null);
    renamed.setName("Allotment Enemies");
    var rename = as(GROUP_B).put("/HealthcareService/allotment-friends", renamed, version);
    assertThat(rename.statusCode()).as(rename.body()).isEqualTo(422);
    assertThat(Api.outcome(rename).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("HealthcareService.name");
    // a contact smuggled in
    HealthcareService withPhone = reporting(friends, null, 2, null);
    withPhone.addTelecom().setValue("+447700900999");
    assertThat(
            as(GROUP_B)
                .put("/HealthcareService/allotment-friends", withPhone, version)
                .statusCode())
        .isEqualTo(422);
    // a status the places contradict
    var contradiction =
        as(GROUP_B)
            .put(
                "/HealthcareService/allotment-friends",
                reporting(friends, "capacity", 0, null),
                version);
    assertThat(contradiction.statusCode()).as(contradiction.body()).isEqualTo(422);
    // no If-Match at all
    var unconditional =
        as(GROUP_B)
            .put("/HealthcareService/allotment-friends", reporting(friends, null, 2, null), null);
    assertThat(unconditional.statusCode()).as(unconditional.body()).isEqualTo(428);

    // then nothing was recorded
    assertThat(read(GROUP_B, "allotment-friends").getMeta().getVersionId()).isEqualTo(version);
    assertThat(adapter.ledger().count("group_capacity", "group_id = ?", "allotment-friends"))
        .isZero();
  }
}
