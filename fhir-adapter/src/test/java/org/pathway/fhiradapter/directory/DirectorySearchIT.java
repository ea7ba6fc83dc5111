package org.pathway.fhiradapter.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.directory.HsdsFeedSource;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.Extensions;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * A stock Open Referral UK / HSDS 3.0 feed (with one malformed record) loaded with the operator's
 * mapping and searched over FHIR HTTP, access on: by need, postcode district, distance, capacity
 * and referral mode, paged; public listing data only.
 */
class DirectorySearchIT {

  static final String LINK_WORKER = "lw-city";
  static final String COMMISSIONER = "commissioner";
  static final String NEEDS = "https://example.org/esd/needs";

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter =
        Adapter.start(
            db,
            kafka.bootstrapServers(),
            Map.of(
                "pathway.directory.feed",
                "classpath:directory/examples/oruk-stock-feed.json",
                "pathway.directory.mapping",
                "classpath:directory/examples/oruk-stock-mapping.yaml"));
  }

  @AfterAll
  static void stop() {
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

  static List<String> ids(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return Api.bundle(res).getEntry().stream()
        .map(e -> e.getResource().getIdElement().getIdPart())
        .toList();
  }

  static String mode(HealthcareService hs) {
    return hs.getExtensionByUrl(Extensions.REFERRAL_MODE).getValue().primitiveValue();
  }

  @Test
  void loadsTheStockFeedSkippingAndCountingTheMalformedRecord() {
    // the adapter started although one record is malformed, and every good one is served
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService")))
        .containsExactly(
            "oruk-choir-chapel-allerton",
            "oruk-chess-library",
            "oruk-debt-city",
            "oruk-walk-headingley",
            "oruk-sp-leeds-north");
    assertThat(as(LINK_WORKER).get("/HealthcareService/oruk-allotment-broken").statusCode())
        .isEqualTo(404);
    double skipped =
        adapter
            .context()
            .getBean(MeterRegistry.class)
            .get(HsdsFeedSource.SKIPPED_METER)
            .counter()
            .count();
    assertThat(skipped).isEqualTo(1.0);
  }

  @Test
  void findsServicesByNeedAndPostcodeDistrict() {
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?service-type=loneliness")))
        .containsExactly(
            "oruk-choir-chapel-allerton", "oruk-chess-library", "oruk-walk-headingley");
    assertThat(
            ids(
                as(LINK_WORKER)
                    .get(
                        "/HealthcareService?service-type="
                            + NEEDS
                            + "%7Cloneliness&postcode-district=ls6")))
        .containsExactly("oruk-chess-library", "oruk-walk-headingley");
    // a full postcode is cut to its district
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?postcode-district=LS7%204AA")))
        .containsExactly("oruk-choir-chapel-allerton");
  }

  @Test
  void findsServicesNearAPointNearestFirst() {
    // from Headingley Library (53.8196, -1.5779), within 1.5 km
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?near=53.8196%7C-1.5779%7C1.5%7Ckm")))
        .containsExactly("oruk-chess-library", "oruk-walk-headingley", "oruk-sp-leeds-north");
    var bad = as(LINK_WORKER).get("/HealthcareService?near=here%7Cthere");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("near").contains("here|there");
  }

  @Test
  void findsServicesByCapacityAndReferralMode() {
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?capacity=capacity")))
        .containsExactly("oruk-walk-headingley");
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?capacity=no-capacity-has-waitlist")))
        .containsExactly("oruk-chess-library");
    assertThat(ids(as(LINK_WORKER).get("/HealthcareService?referral-mode=signpost-only")))
        .containsExactly("oruk-chess-library", "oruk-debt-city");
    assertThat(
            ids(
                as(LINK_WORKER)
                    .get(
                        "/HealthcareService?referral-mode=accepts-referrals"
                            + "&service-category=community-group")))
        .containsExactly("oruk-choir-chapel-allerton", "oruk-walk-headingley");
    var bad = as(LINK_WORKER).get("/HealthcareService?capacity=plenty");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("capacity").contains("plenty");
  }

  @Test
  void pagesWithCountAndOffsetFollowingTheNextLink() {
    var first = as(LINK_WORKER).get("/HealthcareService?_count=2");
    Bundle page1 = Api.bundle(first);
    assertThat(page1.getTotal()).isEqualTo(5);
    assertThat(ids(first)).containsExactly("oruk-choir-chapel-allerton", "oruk-chess-library");
    String next = page1.getLink(Bundle.LINK_NEXT).getUrl();
    assertThat(next).contains("_offset=2");

    var second = as(LINK_WORKER).get(next.substring(next.indexOf("/HealthcareService")));

    assertThat(ids(second)).containsExactly("oruk-debt-city", "oruk-walk-headingley");
    var third = as(LINK_WORKER).get("/HealthcareService?_count=2&_offset=4");
    assertThat(ids(third)).containsExactly("oruk-sp-leeds-north");
    assertThat(Api.bundle(third).getLink(Bundle.LINK_NEXT)).isNull();
  }

  @Test
  void servesPublicListingDataOnlyNeverReferralChannels() {
    var res = as(LINK_WORKER).get("/HealthcareService/oruk-chess-library");
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    HealthcareService chess = Api.parse(HealthcareService.class, res);

    assertThat(mode(chess)).isEqualTo("signpost-only");
    Location place = (Location) chess.getContained().get(0);
    assertThat(place.getAddress().getPostalCode()).isEqualTo("LS6 3HG");
    assertThat(place.getPosition().getLatitude().doubleValue()).isEqualTo(53.8196);
    assertThat(chess.getAvailableTimeFirstRep().getDaysOfWeek())
        .extracting(d -> d.getValue().toCode())
        .containsExactly("thu");
    assertThat(chess.getAvailableTimeFirstRep().getAvailableStartTime()).isEqualTo("14:00:00");
    assertThat(chess.getAvailabilityExceptions()).contains("not in August");
    assertThat(chess.getTelecom())
        .filteredOn(t -> t.getSystem() == ContactPointSystem.PHONE)
        .extracting(t -> t.getValue())
        .containsExactly("0113 496 0200");

    HealthcareService walks =
        Api.parse(
            HealthcareService.class,
            as(LINK_WORKER).get("/HealthcareService/oruk-walk-headingley"));
    assertThat(mode(walks)).isEqualTo("accepts-referrals");
    // the mapping's referral channels (webhook, coordinator email, SMS) are never served
    String everything = as(LINK_WORKER).get("/HealthcareService").body();
    assertThat(everything)
        .doesNotContain("coordinator@leeds-walks.example.org")
        .doesNotContain("hooks/referrals")
        .doesNotContain("leeds-north-webhook")
        .doesNotContain("+447700900123");
  }

  @Test
  void anyClientHoldingTheScopeSearchesThePortalWithoutALinkAndNoOneUnauthenticated()
      throws Exception {
    for (String client : List.of(LINK_WORKER, "group-a", "portal")) {
      var res = as(client).get("/HealthcareService?referral-mode=signpost-only");
      assertThat(res.statusCode()).as(client + ": " + res.body()).isEqualTo(200);
    }
    // the portal's token alone reads the public directory and nothing else
    assertThat(as("portal").get("/Task?status=requested").statusCode()).isEqualTo(403);
    // the scope still decides: a client registered without it is refused, naming it
    var unscoped = as(COMMISSIONER).get("/HealthcareService");
    assertThat(unscoped.statusCode()).isEqualTo(403);
    assertThat(unscoped.body()).contains("system/HealthcareService.s");
    var anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/HealthcareService"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void anOnwardReferralToASignpostOnlyServiceIsRefusedNamingIt() {
    // given a GP referral to the link-worker service
    var created =
        adapter
            .client("practice-a81001")
            .create()
            .resource(Fixtures.referral("A81001", "HealthcareService/lw-city"))
            .execute();
    String root = created.getId().getIdPart();
    Task task =
        (Task)
            Api.bundle(as("practice-a81001").get("/Task?focus=ServiceRequest/" + root))
                .getEntryFirstRep()
                .getResource();
    String patient = task.getFor().getReference();

    // when the link worker refers the person on to a service listed for signposting only
    var linkWorker = adapter.client(LINK_WORKER);
    var refused =
        assertThrows(
            UnprocessableEntityException.class,
            () ->
                linkWorker
                    .create()
                    .resource(Fixtures.onward(root, patient, "lw-city", "oruk-chess-library"))
                    .execute());

    // then it is refused, saying why and where; a group that takes referrals is accepted
    assertThat(refused.getResponseBody())
        .contains("ServiceRequest.performer")
        .contains("signposting only");
    var accepted =
        linkWorker
            .create()
            .resource(Fixtures.onward(root, patient, "lw-city", "oruk-walk-headingley"))
            .execute();
    assertThat(accepted.getId().getIdPart()).isNotBlank();
  }

  @Test
  void declaresTheCustomSearchParametersInTheCapabilityStatement() {
    var res = as(LINK_WORKER).get("/metadata");
    CapabilityStatement cs = Api.parse(CapabilityStatement.class, res);
    var hs =
        cs.getRestFirstRep().getResource().stream()
            .filter(r -> r.getType().equals("HealthcareService"))
            .findFirst()
            .orElseThrow();
    var definitions =
        hs.getSearchParam().stream()
            .filter(p -> p.hasDefinition())
            .collect(java.util.stream.Collectors.toMap(p -> p.getName(), p -> p.getDefinition()));
    assertThat(definitions).containsKeys("postcode-district", "near", "capacity", "referral-mode");

    String url = definitions.get("near");
    var def = as(LINK_WORKER).get("/SearchParameter/" + url.substring(url.lastIndexOf('/') + 1));
    assertThat(def.statusCode()).as(def.body()).isEqualTo(200);
    SearchParameter near = Api.parse(SearchParameter.class, def);
    assertThat(near.getUrl()).isEqualTo(url);
    assertThat(near.getCode()).isEqualTo("near");
    assertThat(near.getBase()).extracting(b -> b.getValue()).containsExactly("HealthcareService");
  }
}
