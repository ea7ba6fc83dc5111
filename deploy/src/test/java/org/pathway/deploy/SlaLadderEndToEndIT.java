package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.demo.DevMailServer;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The SLA ladder climbed on the running platform: with the accept step due in seconds (the
 * adapter's {@code SLA_ACCEPT_WITHIN}, scanned every second) and the router's rungs seconds apart
 * ({@code ROUTER_ESCALATION_*}), a referral nobody accepts nudges its link worker, is escalated to
 * the hub and goes back to the GP: the ledger's Task ends {@code rejected} with {@code
 * returned-no-response} and the GP's FHIR endpoint receives it.
 */
class SlaLadderEndToEndIT {

  private static final String LINK_WORKER_MAIL = "east-lw@example.org";
  private static final String HUB_MAIL = "hub@city-sp.example.org";

  /**
   * Seconds, not days. Routing comes well within the accept step's time, so the nudge finds an
   * owner to nudge.
   */
  private static final Map<String, Map<String, String>> SHORT_LADDER =
      Map.of(
          "fhir-adapter",
          Map.of("SLA_ACCEPT_WITHIN", "15s", "SLA_SCAN_INTERVAL", "1s"),
          "router",
          Map.of(
              "ROUTER_ESCALATION_ESCALATE_AFTER", "3s",
              "ROUTER_ESCALATION_AUTO_RETURN_AFTER", "3s"));

  // Kept when the test fails: the services' logs are in its logs/ folder.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  private Platform platform;

  @Test
  void anUnacceptedReferralIsNudgedEscalatedAndReturnedToTheGp() throws Exception {
    platform = new Platform(dataDir, "sla", SHORT_LADDER);
    try (TopicTail decisions =
        new TopicTail(platform.dev().kafka().bootstrapServers(), Topics.ROUTING_DECISIONS.name())) {
      // given a referral routed to a link-worker service that never answers
      Task referral = platform.referAndAwaitRouting();
      String id = referral.getIdPart();
      assertThat(referral.getOwner().getReference())
          .isEqualTo("HealthcareService/" + DemoClients.LINK_WORKER);

      // then the link worker is nudged (the mail's text, which is what MailText reads, names the
      // step and the referral; its subject says "Overdue")
      String overdue = "the step accept of referral " + id;
      DevMailServer.Arrival nudge =
          Platform.await(
              "the link worker nudged",
              () ->
                  platform.mailTo(
                      LINK_WORKER_MAIL, referral.getMeta().getLastUpdated().toInstant(), overdue));
      // and the hub is told, after the nudge
      DevMailServer.Arrival escalation =
          Platform.await("the hub told", () -> platform.mailTo(HUB_MAIL, nudge.at(), overdue));
      assertThat(escalation.at()).isAfterOrEqualTo(nudge.at());

      // and the referral goes back: rejected in the ledger with the coded reason
      Task returned =
          Platform.await(
              "the referral returned",
              () -> {
                Task now = platform.read(DemoClients.PRACTICE, id);
                return now.getStatus() == Task.TaskStatus.REJECTED ? now : null;
              });
      assertThat(returned.getStatusReason().getCoding())
          .anySatisfy(
              c -> {
                assertThat(c.getSystem()).isEqualTo(CodeSystems.TASK_STATUS_REASON);
                assertThat(c.getCode()).isEqualTo(CodeSystems.RETURNED_NO_RESPONSE);
              });

      // and the GP's FHIR endpoint receives the returned Task, with the reason
      Task atGp =
          Platform.await(
              "the GP system told of the return",
              () -> platform.gp().task(id, Task.TaskStatus.REJECTED));
      assertThat(atGp.getStatusReason().getCoding())
          .anySatisfy(c -> assertThat(c.getCode()).isEqualTo(CodeSystems.RETURNED_NO_RESPONSE));

      // and the router decided the rungs in order, once each
      List<RoutingAction> ladder =
          decisions.toEnd().stream()
              .map(r -> r.value())
              .filter(v -> v instanceof RoutingDecisionMade d && d.getTaskId().equals(id))
              .map(v -> ((RoutingDecisionMade) v).getAction())
              .filter(a -> a != RoutingAction.ASSIGN_OWNER)
              .toList();
      assertThat(ladder)
          .containsExactly(
              RoutingAction.NUDGE_OWNER,
              RoutingAction.ESCALATE_TO_HUB,
              RoutingAction.RETURN_TO_REFERRER);
    }
  }

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }
}
