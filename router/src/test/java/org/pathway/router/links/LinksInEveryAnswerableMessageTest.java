package org.pathway.router.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.SignedLink;
import org.pathway.directory.Directory;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.RoutedReferral;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.policy.EscalationPolicy;
import org.pathway.router.policy.FeedbackTrigger;
import org.pathway.router.policy.GpFeedbackPolicy;
import org.pathway.router.policy.GroupAnswerPolicy;
import org.pathway.router.policy.NewReferralNoticePolicy;
import org.pathway.router.policy.OnwardReferralPolicy;
import org.pathway.router.routing.ReferralTriage;
import org.pathway.router.routing.TriageRulesLoader;

/**
 * Every message the router's policies send that asks for an answer carries a working signed link:
 * to the Task the message is about, for the organisation it is sent to, for the purpose of its
 * audience, expiring a lifetime after the event — and the token says nothing about the person.
 */
class LinksInEveryAnswerableMessageTest {

  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00.250Z");

  /** What a person referred is known by in the fixtures: none of it may be in a token. */
  private static final List<String> PERSONAL =
      List.of(
          "Alex",
          "Jones",
          "9434765919",
          "1981-05-17",
          "LS1",
          "LS6",
          "alex@example.org",
          "+447700900999");

  private static final List<NotificationRequested> sent = new ArrayList<>();
  private static final Directory directory = Fixtures.demoDirectory();

  @BeforeAll
  static void runEveryPolicy() throws IOException {
    EventFactory events = TestLinks.events();
    var triage = new ReferralTriage(shippedRules(), directory, events);
    var onward = new OnwardReferralPolicy(directory, events);
    var feedback =
        new GpFeedbackPolicy(EnumSet.allOf(FeedbackTrigger.class), true, directory, events);
    var groupAnswer = new GroupAnswerPolicy(directory, events);
    var escalation =
        new EscalationPolicy(
            new EscalationPolicy.Settings(Duration.ofDays(2), Duration.ofDays(14), "hub-city"),
            directory,
            events);
    KnownReferral known = Fixtures.known("A81001");

    var received = Fixtures.referral("r1").setEnvelope(Fixtures.envelope("r1", NOW)).build();
    RouterOutput triaged = triage.triage(received);
    add(triaged);
    // the routed service is told once the ledger announces it owns the Task
    var decision = triaged.decisions().get(0);
    var owned =
        Fixtures.taskChange("r1", TaskStatus.REQUESTED, TaskStatus.REQUESTED)
            .setEnvelope(
                EventEnvelope.newBuilder(Fixtures.envelope("r1", NOW))
                    .setCausationId(decision.getEnvelope().getEventId().toString())
                    .build())
            .setOwner(decision.getTarget())
            .build();
    add(
        new NewReferralNoticePolicy(directory, events)
            .decide(
                owned,
                Optional.of(RoutedReferral.of(received, decision)),
                KnownReferral.of(received)));
    for (String group :
        List.of("walk-and-talk", "allotment-friends", "english-conversation", "no-such-group")) {
      var referral = Fixtures.onwardReferral("o-" + group, group);
      referral.setEnvelope(Fixtures.envelope("o-" + group, NOW));
      add(onward.decide(referral));
    }
    // a request passed down a volunteer cascade by the hub asks its holder whether they can help
    var passedOn = Fixtures.onwardReferral("c-walk-and-talk", "walk-and-talk");
    passedOn.setRequestedBy(
        Fixtures.actor(ActorKind.HUB, "HealthcareService/hub-city", "City Social Prescribing Hub"));
    passedOn.setEnvelope(Fixtures.envelope("c-walk-and-talk", NOW));
    add(onward.decide(passedOn));
    Optional<OnwardReferral> referredOn =
        Optional.of(OnwardReferral.of(Fixtures.onwardReferral("g1", "walk-and-talk")));
    for (TaskStatus answer :
        List.of(
            TaskStatus.ACCEPTED, TaskStatus.REJECTED, TaskStatus.ON_HOLD, TaskStatus.COMPLETED)) {
      var change =
          Fixtures.groupTaskChange("g1", "walk-and-talk", TaskStatus.REQUESTED, answer)
              .setEnvelope(Fixtures.envelope("g1", NOW))
              .build();
      add(feedback.decide(change, known));
      add(groupAnswer.decide(change, referredOn, known));
    }
    for (String owner : List.of("HealthcareService/lw-north", "HealthcareService/walk-and-talk")) {
      add(
          escalation.decide(
              Fixtures.overdue(
                  "e1",
                  TaskStatus.REQUESTED,
                  NOW.minus(Duration.ofDays(3)),
                  NOW.minus(Duration.ofHours(5)),
                  NOW,
                  Fixtures.actor(ActorKind.LINK_WORKER_SERVICE, owner, "owner")),
              known));
    }
  }

  @Test
  void everyTemplateThatAsksForAnAnswerWasSent() {
    Set<String> answerable = new TreeSet<>();
    NotificationTemplates.all().stream()
        .filter(NotificationTemplate::asksForAnswer)
        .forEach(t -> answerable.add(t.id()));
    Set<String> seen = new TreeSet<>();
    sent.forEach(n -> seen.add(n.getTemplateId()));
    assertThat(seen).containsAll(answerable);
  }

  @Test
  void theRouterNeverSendsAnAnswerableMessageWithoutALink() {
    for (NotificationRequested n : sent) {
      boolean asks = NotificationTemplates.find(n.getTemplateId()).orElseThrow().asksForAnswer();
      if (asks) {
        assertThat(n.getFields().get("respondUrl"))
            .as("respondUrl of %s", n.getTemplateId())
            .isNotBlank()
            .startsWith(TestLinks.PORTAL + "/l/");
      } else {
        assertThat(n.getFields()).as(n.getTemplateId()).doesNotContainKey("respondUrl");
      }
    }
  }

  @Test
  void eachLinkIsBoundToTheMessagesTaskRecipientAndPurpose() throws Exception {
    for (NotificationRequested n : answerable()) {
      SignedLink link = TestLinks.verify(n.getFields().get("respondUrl"), NOW);
      String organisation =
          directory
              .byReference(n.getRecipient().getOrganisation().getReference())
              .orElseThrow()
              .id();
      assertThat(link.taskId()).as(n.getTemplateId()).isEqualTo(n.getTaskId());
      assertThat(link.taskId()).as(n.getTemplateId()).isEqualTo(n.getFields().get("taskId"));
      assertThat(link.recipient()).as(n.getTemplateId()).isEqualTo(organisation);
      assertThat(link.purpose())
          .as(n.getTemplateId())
          .isEqualTo(
              n.getAudience() == Audience.FACILITATOR
                  ? LinkPurpose.FACILITATOR
                  : LinkPurpose.LINK_WORKER);
      assertThat(link.expiresAt())
          .isEqualTo(NOW.truncatedTo(ChronoUnit.SECONDS).plus(TestLinks.LIFETIME));
    }
  }

  @Test
  void theLinkWorkerAnswersAboutTheirOwnTaskAndTheFacilitatorAboutTheGroups() throws Exception {
    SignedLink groupFull = linkOf("link-worker-group-full");
    assertThat(groupFull.taskId()).isEqualTo("task-o-english-conversation");
    assertThat(groupFull.recipient()).isEqualTo("lw-north");
    SignedLink groupAnswer = linkOf("link-worker-group-answer");
    assertThat(groupAnswer.taskId()).isEqualTo("task-g1");
    assertThat(groupAnswer.recipient()).isEqualTo("lw-north");
    SignedLink facilitator = linkOf("facilitator-new-member");
    assertThat(facilitator.taskId()).isEqualTo("task-group-o-walk-and-talk");
    assertThat(facilitator.recipient()).isEqualTo("walk-and-talk");
    assertThat(facilitator.purpose()).isEqualTo(LinkPurpose.FACILITATOR);
  }

  @Test
  void aTokenCarriesNoPersonalDataOnlyIdsTimesAndThePurpose() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (NotificationRequested n : answerable()) {
      String url = n.getFields().get("respondUrl");
      String payload = TestLinks.payload(url);
      JsonNode claims = json.readTree(payload.getBytes(StandardCharsets.UTF_8));
      Set<String> names = new TreeSet<>();
      claims.fieldNames().forEachRemaining(names::add);
      assertThat(names)
          .as("claims of %s", n.getTemplateId())
          .containsExactlyInAnyOrder("iss", "aud", "jti", "sub", "rcp", "pur", "iat", "exp");
      for (String personal : PERSONAL) {
        assertThat(payload).as("token of %s", n.getTemplateId()).doesNotContain(personal);
      }
    }
  }

  private static List<NotificationRequested> answerable() {
    List<NotificationRequested> found =
        sent.stream()
            .filter(
                n -> NotificationTemplates.find(n.getTemplateId()).orElseThrow().asksForAnswer())
            .toList();
    assertThat(found).isNotEmpty();
    return found;
  }

  private static SignedLink linkOf(String templateId) throws Exception {
    NotificationRequested n =
        sent.stream().filter(m -> m.getTemplateId().equals(templateId)).findFirst().orElseThrow();
    return TestLinks.verify(n.getFields().get("respondUrl"), NOW);
  }

  private static void add(RouterOutput out) {
    sent.addAll(out.notifications());
  }

  private static org.pathway.router.routing.TriageRules shippedRules() throws IOException {
    try (var in =
        LinksInEveryAnswerableMessageTest.class
            .getClassLoader()
            .getResourceAsStream("triage-rules.yml")) {
      return TriageRulesLoader.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "triage-rules.yml",
          id -> directory.byId(id).isPresent());
    }
  }
}
