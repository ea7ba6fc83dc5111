package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
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
import org.pathway.events.vocabulary.Extensions;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * The loop closing for everyone, across the running platform (the three services and the portal in
 * their own JVMs, real Kafka and PostgreSQL, the dev mail server and the demo GP system), started
 * once for the class: a practice's own FHIR Subscription pushed its Task's changes until it is
 * deleted; a GP withdrawing its referral after an onward referral reaching the link worker and the
 * facilitator, revoking their links and cancelling the child Task, without telling the GP of its
 * own cancel; a facilitator's decline reaching the link worker with its coded reason; a BaRS
 * referral message with twenty supporting resources accepted, traced through its Communications and
 * Provenance (and hidden from another referrer), then cancelled by a BaRS update message; a full
 * group's waitlist receiving the next person when a member finishes and frees the place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class ReferralLoopIT {

  private static final String PRACTICE = DemoClients.PRACTICE;
  private static final String LINK_WORKER = DemoClients.LINK_WORKER;
  private static final String LINK_WORKER_MAIL = "east-lw@example.org";
  private static final String GROUP = "walk-and-talk";
  private static final String GROUP_MAIL = "walk-and-talk@example.org";
  private static final String DECLINING_GROUP = "debt-advice-drop-in";
  private static final String DECLINING_GROUP_MAIL = "debt-advice-drop-in@example.org";
  private static final String OTHER_REFERRER = "council-leeds";
  private static final String UNINVOLVED_GROUP = "walk-and-talk";

  /** The demo class with one place and an open waitlist; no other test refers anyone to it. */
  private static final String ONE_PLACE_GROUP = "chair-yoga";

  private static final String ONE_PLACE_GROUP_NAME = "Chair Yoga Class";
  private static final String ONE_PLACE_GROUP_MAIL = "chair-yoga@example.org";

  /**
   * A demo client with the directory's scope (HealthcareService.r): the link-worker client has
   * none; the group's own facilitator acts only through the portal's signed links.
   */
  private static final String DIRECTORY_READER = "walk-and-talk";

  /** The sender's ServiceRequest id in the BaRS fixtures; each test sends its own. */
  private static final String FIXTURE_SR_ID = "5c0f6a1e-2b7d-4c3a-9e41-000000000002";

  private static final String HOOK_HEADER = "Bearer practice-a81001-hook-5c2e";
  private static final String WITHDRAWN_PAGE = "This referral has been withdrawn";

  private Platform platform;

  @BeforeAll
  void onThePlatform(Platform shared) {
    platform = shared;
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
    // The GP's copy has moved on to in-progress (the first conversation) by now: what it was told
    // is in the writes it received, not in its latest copy.
    Platform.await(
        "the GP system told the link worker accepted",
        () -> platform.gp().toldOf(id, Task.TaskStatus.ACCEPTED));

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

  @Test
  void aFacilitatorsDeclineReachesTheLinkWorkerWithItsCodedReason() throws Exception {
    // given a referral the link worker accepted, met the person about and referred on to a group
    Task referral = platform.referAndAwaitRouting();
    String id = referral.getIdPart();
    PersonAtLink linkWorker = new PersonAtLink("link worker", platform.linkInMailAbout(id), null);
    linkWorker.press("Accept");
    linkWorker.press("Record the first conversation");
    Instant beforeOnward = Instant.now();
    linkWorker.answer(
        "Refer to this group",
        f -> f.choose("Debt Advice Drop-in"),
        "The referral has been sent to the group");
    Task child =
        Platform.await(
            "the onward referral's Task at " + DECLINING_GROUP,
            () ->
                platform.children(DECLINING_GROUP, id).stream()
                    .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
                    .findFirst()
                    .orElse(null));
    PersonAtLink facilitator =
        new PersonAtLink(
            "facilitator", platform.linkInMailTo(DECLINING_GROUP_MAIL, beforeOnward), null);

    // when the facilitator declines from their email's link, with a reason from the list
    Instant beforeDecline = Instant.now();
    facilitator.answer("Decline", f -> f.select("Why are you declining?", "We have no places"));

    // then the group's Task is rejected with the coded reason
    Task declined = platform.read(DECLINING_GROUP, child.getIdPart());
    assertThat(declined.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(declined.getStatusReason().getCoding())
        .anySatisfy(
            c -> {
              assertThat(c.getSystem()).isEqualTo(CodeSystems.DECLINE_REASON);
              assertThat(c.getCode()).isEqualTo("no-capacity");
            });
    // and the link worker who referred on is emailed the answer, its code and its words
    DevMailServer.Arrival told =
        Platform.await(
            "the link worker told of the group's decline",
            () -> platform.mailTo(LINK_WORKER_MAIL, beforeDecline, "reason code no-capacity"));
    assertThat(MailText.of(told.message())).contains("Debt Advice Drop-in", "No places available");
  }

  @Test
  void aBarsReferralWithTwentySupportingResourcesIsTracedAndThenCancelledByABarsUpdate()
      throws Exception {
    // when the practice's system sends a BaRS referral message with twenty supporting resources
    String senderId = UUID.randomUUID().toString();
    HttpResponse<String> sent =
        platform.post(
            PRACTICE, "/$process-message", bars("bars-referral-20-supporting.json", senderId));

    // then it is answered with BaRS' "ok" response message, focused on the stored referral
    String request = new IdType(okHeader(sent).getFocusFirstRep().getReference()).getIdPart();
    // and routed (east Leeds: the person's postcode) to the link-worker service, which sees it
    Task task =
        Platform.await(
            "the BaRS referral's Task routed to " + LINK_WORKER,
            () -> tasksOf(LINK_WORKER, request).stream().findFirst().orElse(null));
    String id = task.getIdPart();
    assertThat(task.getOwner().getReference()).isEqualTo("HealthcareService/" + LINK_WORKER);
    // and its context kept: the ServiceRequest, the Patient and the twenty
    Bundle context =
        platform
            .as(PRACTICE)
            .fetchResourceFromUrl(
                Bundle.class,
                platform.dev().endpoints().fhirBase() + "/ServiceRequest/" + request + "/$context");
    assertThat(context.getEntry()).hasSize(22);
    assertThat(context.getEntry().stream().map(e -> e.getResource().fhirType()).distinct())
        .contains("Encounter", "Condition", "MedicationStatement", "Flag", "Consent", "CarePlan");

    // when the link worker's system accepts it
    platform.update(LINK_WORKER, id, t -> t.setStatus(Task.TaskStatus.ACCEPTED));

    // then "where is my referral?" is answered for the practice: the deliveries about it...
    Bundle messages =
        Platform.await(
            "a Communication about the BaRS referral",
            () -> {
              Bundle found = search(PRACTICE, "Communication?based-on=ServiceRequest/" + request);
              return found.getEntry().isEmpty() ? null : found;
            });
    assertThat(messages.getEntry())
        .allSatisfy(
            e ->
                assertThat(((Communication) e.getResource()).getPartOfFirstRep().getReference())
                    .isEqualTo("Task/" + id));
    // ...and its Task's status changes, each a Provenance
    Platform.await(
        "the Provenance of the acceptance",
        () ->
            provenanceCodes(PRACTICE, id).containsAll(List.of("requested", "accepted"))
                ? Boolean.TRUE
                : null);
    // and another referrer, whose token carries no Communication or Provenance scope, is refused
    for (String query :
        List.of(
            "Communication?based-on=ServiceRequest/" + request, "Provenance?target=Task/" + id)) {
      assertThatThrownBy(() -> search(OTHER_REFERRER, query))
          .as(query + " by " + OTHER_REFERRER)
          .isInstanceOf(ForbiddenOperationException.class);
    }
    // and a group with those scopes but no part in this referral finds nothing of it, nor reads
    // what the practice reads
    assertThat(
            search(UNINVOLVED_GROUP, "Communication?based-on=ServiceRequest/" + request).getEntry())
        .as("Communications an uninvolved group finds")
        .isEmpty();
    assertThat(search(UNINVOLVED_GROUP, "Provenance?target=Task/" + id).getEntry())
        .as("Provenance an uninvolved group finds")
        .isEmpty();
    String communication = messages.getEntryFirstRep().getResource().getIdElement().getIdPart();
    assertThatThrownBy(
            () ->
                platform
                    .as(UNINVOLVED_GROUP)
                    .read()
                    .resource(Communication.class)
                    .withId(communication)
                    .execute())
        .isInstanceOfAny(ResourceNotFoundException.class, ForbiddenOperationException.class);

    // when the practice's system cancels it with a BaRS update message
    Instant beforeCancel = Instant.now();
    HttpResponse<String> cancel =
        platform.post(
            PRACTICE, "/$process-message", bars("bars-referral-cancellation.json", senderId));

    // then the answer is about the same referral, now revoked, and its Task is cancelled
    assertThat(okHeader(cancel).getFocusFirstRep().getReference())
        .isEqualTo("ServiceRequest/" + request);
    Task cancelled = platform.read(PRACTICE, id);
    assertThat(cancelled.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
    assertThat(cancelled.getStatusReason().getCoding())
        .anySatisfy(c -> assertThat(c.getCode()).isEqualTo("withdrawn-by-referrer"));
    // and the link worker who accepted it is emailed that it was withdrawn
    DevMailServer.Arrival toLinkWorker =
        Platform.await(
            "the link worker told of the BaRS cancellation",
            () -> platform.mailTo(LINK_WORKER_MAIL, beforeCancel, "has been withdrawn"));
    assertThat(MailText.of(toLinkWorker.message())).contains(id);
  }

  @Test
  void aFullGroupsWaitlistReceivesTheNextPersonWhenAMemberFinishes() throws Exception {
    // given a first person referred on to the one-place class and taken by its facilitator
    Referred first = referOnTo(ONE_PLACE_GROUP_NAME);
    PersonAtLink facilitatorOfFirst =
        new PersonAtLink(
            "facilitator", platform.linkInMailTo(ONE_PLACE_GROUP_MAIL, first.sentAt()), null);
    facilitatorOfFirst.press("Accept");
    assertThat(platform.read(LINK_WORKER, first.child()).getStatus())
        .isEqualTo(Task.TaskStatus.ACCEPTED);
    // then the member holds the class's one place: none left, the waitlist open
    Platform.await(
        "the class's place counted as taken",
        () -> "0".equals(capacityPart(Extensions.PLACES_LEFT)) ? Boolean.TRUE : null);
    assertThat(capacityPart(Extensions.STATUS)).isEqualTo("no-capacity-has-waitlist");

    // when a second person is referred on to the full class
    Referred second = referOnTo(ONE_PLACE_GROUP_NAME);

    // then their Task waits on the class's waitlist, first in line, with nothing due meanwhile
    Task waiting = platform.read(LINK_WORKER, second.child());
    assertThat(waiting.getStatus()).isEqualTo(Task.TaskStatus.ONHOLD);
    assertThat(businessStatus(waiting)).isEqualTo("waitlisted");
    assertThat(waitlistPosition(waiting)).isEqualTo(1);
    assertThat(waiting.getRestriction().getPeriod().hasEnd()).isFalse();
    // and the facilitator is asked about the waiting list, not about a place
    DevMailServer.Arrival askedToWait =
        Platform.await(
            "the facilitator told of someone for the waiting list",
            () ->
                platform.mailTo(
                    ONE_PLACE_GROUP_MAIL,
                    second.sentAt(),
                    "would like a place on the waiting list for " + ONE_PLACE_GROUP_NAME));
    assertThat(MailText.of(askedToWait.message())).contains(second.child());
    // and the link worker's page of the referral shows where the person waits
    assertThat(second.linkWorker().open().text())
        .contains("Waiting list place", "1 at " + ONE_PLACE_GROUP_NAME);

    // when the first member finishes, told by the facilitator from their email's link
    Instant beforeFinish = Instant.now();
    facilitatorOfFirst.press("They have finished");

    // then the first member's Task is completed and the place goes to the person waiting: their
    // Task is asked of the group again, marked as a place offered, off the waitlist, with a due
    // time
    assertThat(platform.read(LINK_WORKER, first.child()).getStatus())
        .isEqualTo(Task.TaskStatus.COMPLETED);
    Task offered = platform.read(LINK_WORKER, second.child());
    assertThat(offered.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
    assertThat(businessStatus(offered)).isEqualTo("place-offered");
    assertThat(waitlistPosition(offered)).isNull();
    assertThat(offered.getRestriction().getPeriod().hasEnd()).isTrue();
    // and the place is theirs: none left for anyone referred on later
    assertThat(capacityPart(Extensions.PLACES_LEFT)).isEqualTo("0");
    // and the facilitator is sent the new-member notice for them, with a link to take them
    DevMailServer.Arrival toFacilitator =
        Platform.await(
            "the facilitator told a place came up for the person waiting",
            () ->
                platform.mailTo(
                    ONE_PLACE_GROUP_MAIL,
                    beforeFinish,
                    "has been referred to " + ONE_PLACE_GROUP_NAME));
    assertThat(MailText.of(toFacilitator.message())).contains(second.child());
    // and the link worker who referred them on hears a place has come up
    DevMailServer.Arrival toLinkWorker =
        Platform.await(
            "the link worker told a place came up",
            () ->
                platform.mailTo(
                    LINK_WORKER_MAIL,
                    beforeFinish,
                    "A place has come up at " + ONE_PLACE_GROUP_NAME));
    assertThat(MailText.of(toLinkWorker.message())).contains(second.parent());

    // when the facilitator takes them from that mail's link
    String offerLink =
        MailText.linkStartingWith(
                toFacilitator.message(), platform.dev().endpoints().access().portalUrl() + "/l/")
            .orElseThrow(() -> new AssertionError("no link in the facilitator's mail"));
    new PersonAtLink("facilitator", offerLink, null).press("Accept");

    // then the second person is a member, holding the place they were offered
    assertThat(platform.read(LINK_WORKER, second.child()).getStatus())
        .isEqualTo(Task.TaskStatus.ACCEPTED);
    assertThat(capacityPart(Extensions.PLACES_LEFT)).isEqualTo("0");
  }

  /**
   * A referral the link worker took and referred on to a group: its parent and the group's Task.
   */
  private record Referred(String parent, String child, PersonAtLink linkWorker, Instant sentAt) {}

  /**
   * The demo practice refers, the link worker accepts from their email's link, records the first
   * conversation and refers the person on to the group named {@code groupName}.
   */
  private Referred referOnTo(String groupName) throws Exception {
    Task referral = platform.referAndAwaitRouting();
    String id = referral.getIdPart();
    PersonAtLink linkWorker = new PersonAtLink("link worker", platform.linkInMailAbout(id), null);
    linkWorker.press("Accept");
    linkWorker.press("Record the first conversation");
    Instant sentAt = Instant.now();
    linkWorker.answer(
        "Refer to this group", f -> f.choose(groupName), "The referral has been sent to the group");
    Task child =
        Platform.await(
            "the onward referral's Task at " + ONE_PLACE_GROUP,
            () ->
                platform.children(LINK_WORKER, id).stream()
                    .filter(t -> t.getOwner().getReference().endsWith("/" + ONE_PLACE_GROUP))
                    .findFirst()
                    .orElse(null));
    return new Referred(id, child.getIdPart(), linkWorker, sentAt);
  }

  /** A part of the one-place group's capacity as the ledger now serves it. */
  private String capacityPart(String part) {
    HealthcareService group =
        platform
            .as(DIRECTORY_READER)
            .read()
            .resource(HealthcareService.class)
            .withId(ONE_PLACE_GROUP)
            .execute();
    Extension found = group.getExtensionByUrl(Extensions.GROUP_CAPACITY).getExtensionByUrl(part);
    return found == null ? null : found.getValue().primitiveValue();
  }

  private static String businessStatus(Task task) {
    return task.getBusinessStatus().getCodingFirstRep().getCode();
  }

  private static Integer waitlistPosition(Task task) {
    Extension position = task.getExtensionByUrl(Extensions.WAITLIST_POSITION);
    return position == null ? null : Integer.valueOf(position.getValue().primitiveValue());
  }

  private List<Task> tasksOf(String clientId, String serviceRequestId) {
    return search(clientId, "Task?focus=ServiceRequest/" + serviceRequestId).getEntry().stream()
        .map(e -> (Task) e.getResource())
        .toList();
  }

  private Bundle search(String clientId, String query) {
    return platform.as(clientId).search().byUrl(query).returnBundle(Bundle.class).execute();
  }

  private List<String> provenanceCodes(String clientId, String taskId) {
    return search(clientId, "Provenance?target=Task/" + taskId).getEntry().stream()
        .flatMap(e -> ((Provenance) e.getResource()).getActivity().getCoding().stream())
        .filter(c -> "http://hl7.org/fhir/task-status".equals(c.getSystem()))
        .map(Coding::getCode)
        .toList();
  }

  /** A BaRS fixture message naming the sender's ServiceRequest {@code senderId}. */
  private static String bars(String fixture, String senderId) throws Exception {
    return Files.readString(resource("r4/bars/" + fixture)).replace(FIXTURE_SR_ID, senderId);
  }

  /** The response message's MessageHeader, checked to be BaRS' "ok". */
  private static MessageHeader okHeader(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Bundle message =
        FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, response.body());
    assertThat(message.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
    MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
    assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
    return header;
  }

  private static Path resource(String name) throws Exception {
    return Path.of(ReferralLoopIT.class.getClassLoader().getResource(name).toURI());
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
    Path file = resource("r4/subscription/practice-own-tasks.json");
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
