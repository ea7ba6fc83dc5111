package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.demo.DevMailServer;
import org.pathway.deploy.demo.MailText;
import org.pathway.deploy.demo.PersonAtLink;
import org.pathway.deploy.demo.PortalPage;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.SubscriptionChanged;
import org.pathway.events.avro.SubscriptionStatus;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * The loop closing for everyone, across the running platform (the three services and the portal in
 * their own JVMs, real Kafka and PostgreSQL, the dev mail server and the demo GP system), started
 * once for the class: a practice's own FHIR Subscription pushed its Task's changes until it is
 * deleted, and a GP withdrawing its referral after an onward referral reaching the link worker and
 * the facilitator, revoking their links and cancelling the child Task, without telling the GP of
 * its own cancel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferralLoopIT {

  private static final String PRACTICE = DemoClients.PRACTICE;
  private static final String LINK_WORKER = DemoClients.LINK_WORKER;
  private static final String LINK_WORKER_MAIL = "east-lw@example.org";
  private static final String GROUP = "walk-and-talk";
  private static final String GROUP_MAIL = "walk-and-talk@example.org";
  private static final String HOOK_HEADER = "Bearer practice-a81001-hook-5c2e";
  private static final String WITHDRAWN_PAGE = "This referral has been withdrawn";

  private Path dataDir;
  private Platform platform;

  @BeforeAll
  void startThePlatform() throws Exception {
    dataDir = Files.createTempDirectory("pathway-loop-it-");
    platform = new Platform(dataDir, "loop", Map.of());
  }

  @AfterAll
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aPracticesSubscriptionIsPushedItsTaskChangesWithItsHeaderUntilItIsDeleted()
      throws Exception {
    try (WebhookReceiver practiceSystem = WebhookReceiver.start((headers, body) -> true);
        TopicTail subscriptions =
            new TopicTail(platform.dev().kafka().bootstrapServers(), Topics.SUBSCRIPTIONS.name())) {
      // given the practice's system subscribes to the Tasks of its own referrals, with a header
      Subscription wanted = subscriptionFixture();
      wanted.getChannel().setEndpoint(practiceSystem.url("/fhir"));
      String subscription =
          platform
              .as(PRACTICE)
              .create()
              .resource(wanted)
              .execute()
              .getId()
              .toUnqualifiedVersionless()
              .getIdPart();
      awaitAnnounced(subscriptions, subscription, SubscriptionStatus.ACTIVE);

      // when the practice refers and the link worker's system accepts through the FHIR API
      Task referral = platform.referAndAwaitRouting();
      String id = referral.getIdPart();
      platform.update(LINK_WORKER, id, t -> t.setStatus(Task.TaskStatus.ACCEPTED));

      // then the practice's endpoint is sent the accepted Task, with the header it gave
      String taskPath = "/fhir/Task/" + id;
      WebhookReceiver.Call accepted =
          Platform.await(
              "the accepted Task pushed to the subscriber",
              () ->
                  practiceSystem.calls(taskPath).stream()
                      .filter(c -> statusOf(c) == Task.TaskStatus.ACCEPTED)
                      .findFirst()
                      .orElse(null));
      assertThat(accepted.header("Authorization")).isEqualTo(HOOK_HEADER);
      assertThat(accepted.header("Content-Type")).startsWith("application/fhir+json");
      Task pushed = parse(accepted);
      assertThat(pushed.getIdElement().getIdPart()).isEqualTo(id);
      assertThat(pushed.getOwner().getReference()).isEqualTo("HealthcareService/" + LINK_WORKER);

      // when the practice deletes its subscription and the link worker holds the first conversation
      platform.as(PRACTICE).delete().resourceById("Subscription", subscription).execute();
      awaitAnnounced(subscriptions, subscription, SubscriptionStatus.OFF);
      int pushedBefore = practiceSystem.calls(taskPath).size();
      platform.update(
          LINK_WORKER,
          id,
          t ->
              t.setStatus(Task.TaskStatus.INPROGRESS)
                  .getBusinessStatus()
                  .setCoding(
                      List.of(
                          new Coding(
                              CodeSystems.TASK_BUSINESS_STATUS, "first-conversation-held", null))));

      // then the change reaches the GP by the directory's push, the fallback, and not the hook
      Platform.await(
          "the GP system told of the first conversation by the directory's push",
          () -> platform.gp().task(id, Task.TaskStatus.INPROGRESS));
      assertThat(practiceSystem.calls(taskPath))
          .as("pushes to the deleted subscription's endpoint")
          .hasSize(pushedBefore)
          .noneMatch(c -> statusOf(c) == Task.TaskStatus.INPROGRESS);
    }
  }

  @Test
  void
      aGpWithdrawingItsReferralTellsTheLinkWorkerAndFacilitatorRevokesTheirLinksAndCancelsTheChild()
          throws Exception {
    // given a referral the link worker accepted, met the person about and referred on to a group
    Task referral = platform.referAndAwaitRouting();
    String id = referral.getIdPart();
    String request = referral.getFocus().getReferenceElement().getIdPart();
    String linkWorkerLink = platform.linkInMailAbout(id);
    PersonAtLink linkWorker = new PersonAtLink("link worker", linkWorkerLink, null);
    linkWorker.press("Accept");
    linkWorker.press("Record the first conversation");
    Instant beforeOnward = Instant.now();
    linkWorker.answer(
        "Refer to this group",
        f -> f.choose("Walk and Talk Group"),
        "The referral has been sent to the group");
    Task child =
        Platform.await(
            "the onward referral's Task at " + GROUP,
            () ->
                platform.children(GROUP, id).stream()
                    .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
                    .findFirst()
                    .orElse(null));
    String facilitatorLink = platform.linkInMailTo(GROUP_MAIL, beforeOnward);
    Platform.await(
        "the GP system told the link worker accepted",
        () -> platform.gp().task(id, Task.TaskStatus.ACCEPTED));

    // when the practice withdraws its ServiceRequest (PUT, status revoked, If-Match)
    Instant beforeWithdrawal = Instant.now();
    platform.withdrawAsPractice(request);

    // then the link worker is told it was withdrawn, and why
    DevMailServer.Arrival toLinkWorker =
        Platform.await(
            "the link worker told of the withdrawal",
            () -> platform.mailTo(LINK_WORKER_MAIL, beforeWithdrawal, "has been withdrawn"));
    assertThat(MailText.of(toLinkWorker.message())).contains(id);
    // and the facilitator is told, of its own Task
    DevMailServer.Arrival toFacilitator =
        Platform.await(
            "the facilitator told of the withdrawal",
            () -> platform.mailTo(GROUP_MAIL, beforeWithdrawal, "has been withdrawn"));
    assertThat(MailText.of(toFacilitator.message())).contains(child.getIdPart());

    // and the referral and its child Task are cancelled in the ledger, the GP's reason on the first
    Task cancelled = platform.read(PRACTICE, id);
    assertThat(cancelled.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
    assertThat(cancelled.getStatusReason().getCoding())
        .anySatisfy(
            c -> {
              assertThat(c.getSystem()).isEqualTo(CodeSystems.TASK_STATUS_REASON);
              assertThat(c.getCode()).isEqualTo("withdrawn-by-referrer");
            });
    assertThat(platform.read(GROUP, child.getIdPart()).getStatus())
        .isEqualTo(Task.TaskStatus.CANCELLED);

    // and both emailed links now open the withdrawn page, with nothing to press
    for (String link : List.of(linkWorkerLink, facilitatorLink)) {
      PortalPage page = PortalPage.open(link);
      assertThat(page.text()).as(link).contains(WITHDRAWN_PAGE);
      assertThat(page.document().select("form button")).as(link).isEmpty();
    }

    // and the GP, who cancelled, is not told of its own cancel
    try (TopicTail requests =
        new TopicTail(
            platform.dev().kafka().bootstrapServers(), Topics.NOTIFICATION_REQUESTS.name())) {
      List<NotificationRequested> aboutTheReferral =
          requests.toEnd().stream()
              .map(r -> r.value())
              .filter(v -> v instanceof NotificationRequested)
              .map(v -> (NotificationRequested) v)
              .filter(n -> id.equals(n.getTaskId()))
              .toList();
      assertThat(aboutTheReferral)
          .extracting(NotificationRequested::getTemplateId)
          .as("the requests about the referral")
          .contains(NotificationTemplates.LINK_WORKER_REFERRAL_CANCELLED.id());
      assertThat(aboutTheReferral)
          .filteredOn(n -> n.getTemplateId().equals(NotificationTemplates.GP_STATUS_UPDATE.id()))
          .as("the GP's updates")
          .isNotEmpty()
          .noneMatch(n -> saysCancelled(n));
    }
    assertThat(platform.gp().task(id, Task.TaskStatus.CANCELLED))
        .as("a cancelled copy at the GP")
        .isNull();
  }

  private static boolean saysCancelled(NotificationRequested n) {
    return n.getFields().entrySet().stream()
        .anyMatch(
            e ->
                e.getKey().toString().equals("taskStatus")
                    && e.getValue().toString().equals("cancelled"));
  }

  private static void awaitAnnounced(
      TopicTail subscriptions, String subscription, SubscriptionStatus status)
      throws InterruptedException {
    Platform.await(
        "subscription " + subscription + " announced " + status,
        () ->
            subscriptions.decoded().stream()
                .map(r -> r.value())
                .filter(
                    v ->
                        v instanceof SubscriptionChanged c
                            && c.getSubscriptionId().equals(subscription)
                            && c.getStatus() == status)
                .findFirst()
                .orElse(null));
  }

  private static Subscription subscriptionFixture() throws Exception {
    Path file =
        Path.of(
            ReferralLoopIT.class
                .getClassLoader()
                .getResource("r4/subscription/practice-own-tasks.json")
                .toURI());
    return FhirContext.forR4Cached()
        .newJsonParser()
        .parseResource(Subscription.class, Files.readString(file));
  }

  private static Task parse(WebhookReceiver.Call call) {
    return FhirContext.forR4Cached().newJsonParser().parseResource(Task.class, call.body());
  }

  private static Task.TaskStatus statusOf(WebhookReceiver.Call call) {
    try {
      return parse(call).getStatus();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
