package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.SubscriptionChanged;
import org.pathway.events.avro.SubscriptionStatus;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * FHIR R4 Subscription over HTTP with access control: a practice subscribes to its own Tasks and
 * the router is told on {@code pathway.subscriptions}; criteria reaching another practice's Tasks,
 * a channel other than rest-hook and another client's subscription are refused; the channel's
 * header is never served back; DELETE announces it off.
 */
class SubscriptionIT {

  static final String PRACTICE = "practice-a81001";
  static final String OTHER_PRACTICE = "practice-b82002";
  static final String SECRET = "practice-hook-secret-7f3a";

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static TopicTail topic;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter = Adapter.start(db, kafka.bootstrapServers());
    topic = new TopicTail(kafka.bootstrapServers(), Topics.SUBSCRIPTIONS.name());
  }

  @AfterAll
  static void stop() {
    if (topic != null) {
      topic.close();
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

  static Subscription fixture() throws Exception {
    Path file =
        Path.of(
            SubscriptionIT.class
                .getClassLoader()
                .getResource("r4/subscription/practice-rest-hook.json")
                .toURI());
    return FhirContext.forR4Cached()
        .newJsonParser()
        .parseResource(Subscription.class, Files.readString(file));
  }

  static SubscriptionChanged awaitChange(String id, SubscriptionStatus status) {
    topic.awaitEvents(
        es ->
            es.stream()
                .anyMatch(
                    e ->
                        e instanceof SubscriptionChanged c
                            && c.getSubscriptionId().equals(id)
                            && c.getStatus() == status),
        Duration.ofSeconds(30));
    return topic.events(SubscriptionChanged.class).stream()
        .filter(c -> c.getSubscriptionId().equals(id) && c.getStatus() == status)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aPracticeSubscribesToItsOwnTasksAndTheRouterIsToldWithoutTheHeaderEverServedBack()
      throws Exception {
    // when the practice posts a rest-hook Subscription on the Tasks it requested
    var res = Api.as(adapter, PRACTICE).post("/Subscription", fixture());

    // then it is stored active, and the header it gave is not echoed
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    assertThat(res.body()).doesNotContain(SECRET).doesNotContain("Authorization");
    Subscription created = Api.parse(Subscription.class, res);
    String id = created.getIdElement().getIdPart();
    assertThat(created.getStatus()).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);

    // and reads and searches serve it, still without the header
    var read = Api.as(adapter, PRACTICE).get("/Subscription/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("Task?requester=Organization/A81001").doesNotContain(SECRET);
    var search = Api.as(adapter, PRACTICE).get("/Subscription?status=active");
    assertThat(Api.bundle(search).getEntry())
        .extracting(e -> e.getResource().getIdElement().getIdPart())
        .contains(id);
    assertThat(search.body()).doesNotContain(SECRET);

    // and the router is told, keyed by the subscription, with what it needs to deliver
    SubscriptionChanged event = awaitChange(id, SubscriptionStatus.ACTIVE);
    assertThat(event.getRequesterOrganization()).isEqualTo("A81001");
    assertThat(event.getOwnerOrganization()).isNull();
    assertThat(event.getOrganization()).isEqualTo("A81001");
    assertThat(event.getEndpoint()).isEqualTo("https://gp-a81001.example.org/fhir");
    assertThat(event.getPayload()).isEqualTo("application/fhir+json");
    assertThat(event.getHeaders()).containsExactly("Authorization: Bearer " + SECRET);
    assertThat(topic.decoded().stream().anyMatch(r -> id.equals(r.key()))).isTrue();
  }

  @Test
  void anotherPracticesCriteriaAreRefusedNamingTheParameterAndNothingIsAnnounced()
      throws Exception {
    var s = fixture();
    s.setCriteria("Task?requester=Organization/B82002");

    var res = Api.as(adapter, PRACTICE).post("/Subscription", s);

    assertThat(res.statusCode()).as(res.body()).isEqualTo(403);
    var issue = Api.outcome(res).getIssueFirstRep();
    assertThat(issue.getDiagnostics()).contains("'requester'").contains("B82002");
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo("Subscription.criteria");
    assertThat(Api.bundle(Api.as(adapter, PRACTICE).get("/Subscription")).getEntry())
        .noneMatch(e -> ((Subscription) e.getResource()).getCriteria().contains("B82002"));
  }

  @Test
  void onlyRestHookIsOffered() throws Exception {
    var s = fixture();
    s.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET);

    var res = Api.as(adapter, PRACTICE).post("/Subscription", s);

    assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
    assertThat(Api.outcome(res).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("Subscription.channel.type");
  }

  @Test
  void anotherClientsSubscriptionIsNotFoundAndADeleteStopsIt() throws Exception {
    var created = Api.as(adapter, PRACTICE).post("/Subscription", fixture());
    String id = Api.parse(Subscription.class, created).getIdElement().getIdPart();

    // another practice neither reads, finds nor deletes it
    assertThat(Api.as(adapter, OTHER_PRACTICE).get("/Subscription/" + id).statusCode())
        .isEqualTo(404);
    assertThat(Api.bundle(Api.as(adapter, OTHER_PRACTICE).get("/Subscription")).getEntry())
        .isEmpty();
    assertThat(Api.as(adapter, OTHER_PRACTICE).delete("/Subscription/" + id).statusCode())
        .isEqualTo(404);

    // its own client deletes it: announced off, with no header left, and gone
    var deleted = Api.as(adapter, PRACTICE).delete("/Subscription/" + id);
    assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
    SubscriptionChanged off = awaitChange(id, SubscriptionStatus.OFF);
    assertThat(off.getHeaders()).isEmpty();
    assertThat(off.getVersion()).isEqualTo(2);
    assertThat(Api.as(adapter, PRACTICE).get("/Subscription/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void aClientWithoutTheScopeIsRefusedAndTheCapabilityStatementDeclaresSubscription() {
    // lw-youth's registration has no Subscription scope
    assertThat(Api.as(adapter, "lw-youth").get("/Subscription").statusCode()).isEqualTo(403);

    var meta = Api.as(adapter, PRACTICE).get("/metadata");
    CapabilityStatement cs = Api.parse(CapabilityStatement.class, meta);
    List<String> types = cs.getRestFirstRep().getResource().stream().map(r -> r.getType()).toList();
    assertThat(types).contains("Subscription");
  }
}
