package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathway.deploy.demo.DevMailServer;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.Extensions;

/**
 * Referrals from beyond the GP through every service, in their own JVMs on real Kafka and
 * PostgreSQL with access on: a police referral (no NHS number) is routed by its source, and a
 * 16-year-old's GP referral to the youth link workers, by the shipped triage rules, the decision
 * coming back as the Task's owner; a council's request for practical help passed down a volunteer
 * cascade (hub, street coordinator, volunteer), rolled up on the council's Task and withdrawn at
 * every level, each holder told by mail.
 */
@ExtendWith(SharedPlatform.class)
class CommunityRoutingIT {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static Platform platform;

  @BeforeAll
  static void onThePlatform(Platform shared) {
    platform = shared;
  }

  static IGenericClient as(String clientId) {
    return platform.as(clientId);
  }

  static ServiceRequest demo(String file) throws Exception {
    var sr =
        FHIR.newJsonParser()
            .parseResource(
                ServiceRequest.class,
                Files.readString(PathwayDev.repositoryRoot().resolve("deploy/demo/" + file)));
    sr.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
    return sr;
  }

  /** Sends {@code sr} as {@code clientId}; returns the owner its Task is given by the router. */
  static String routedOwner(String clientId, ServiceRequest sr) throws Exception {
    return routedTask(clientId, sr).getOwner().getReference();
  }

  /** Sends {@code sr} as {@code clientId}; returns its Task once the router gave it an owner. */
  static Task routedTask(String clientId, ServiceRequest sr) throws Exception {
    var client = as(clientId);
    var outcome = client.create().resource(sr).execute();
    String id = outcome.getId().getIdPart();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      Bundle found =
          client
              .search()
              .forResource(Task.class)
              .where(Task.FOCUS.hasId("ServiceRequest/" + id))
              .returnBundle(Bundle.class)
              .execute();
      if (!found.getEntry().isEmpty()) {
        Task task = (Task) found.getEntryFirstRep().getResource();
        if (task.hasOwner() && task.getOwner().hasReference()) {
          return task;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("ServiceRequest/" + id + " was not routed within 90 s");
  }

  @Test
  void aCouncilRequestPassedDownThreeLevelsRollsUpAndIsWithdrawnAtEveryLevel() throws Exception {
    // given the council's request to collect a prescription, triaged to the city hub (the default)
    var council = as("council-leeds");
    Task hubTask = routedTask("council-leeds", demo("council-request.json"));
    assertThat(hubTask.getOwner().getReference()).isEqualTo("HealthcareService/hub-city");

    // when the hub passes it to Chapeltown's street coordinator, who passes it to a volunteer
    Task coordinatorTask = passOn("hub-city", hubTask, "street-coord-ls7");
    Task volunteerTask = passOn("street-coord-ls7", coordinatorTask, "volunteer-amina");
    // and the volunteer is asked by mail whether they can help, with a link to answer (no account)
    assertThat(
            awaitMail(
                "amina.volunteer@example.org", Instant.EPOCH, "has passed on a request to help"))
        .as("the volunteer's notice")
        .isNotNull();

    // then the council sees the whole cascade on its own Task: three levels, the volunteer holding
    // it
    Extension rollUp = rollUp(council, hubTask);
    assertThat(count(rollUp, Extensions.ROLLUP_LEVELS)).isEqualTo(3);
    assertThat(count(rollUp, Extensions.ROLLUP_OPEN)).isEqualTo(3);
    assertThat(
            ((Reference) rollUp.getExtensionByUrl(Extensions.ROLLUP_CURRENT_OWNER).getValue())
                .getReference())
        .isEqualTo("HealthcareService/volunteer-amina");

    // when the council withdraws its request
    Instant withdrawn = Instant.now().minusSeconds(1);
    var sr = council.read().resource(ServiceRequest.class).withId(focusOf(hubTask)).execute();
    sr.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
    council.update().resource(sr).withId(sr.getIdElement().toUnqualified()).execute();

    // then every level is cancelled
    assertThat(council.read().resource(Task.class).withId(id(hubTask)).execute().getStatus())
        .isEqualTo(Task.TaskStatus.CANCELLED);
    assertThat(read("hub-city", coordinatorTask).getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
    assertThat(read("street-coord-ls7", volunteerTask).getStatus())
        .isEqualTo(Task.TaskStatus.CANCELLED);
    rollUp = rollUp(council, hubTask);
    assertThat(count(rollUp, Extensions.ROLLUP_OPEN)).isZero();
    assertThat(count(rollUp, Extensions.ROLLUP_CLOSED)).isEqualTo(3);
    // and the holder at each level is told by mail that it was withdrawn
    assertThat(awaitMail("hub@city-sp.example.org", withdrawn, withdrawal(hubTask))).isNotNull();
    assertThat(awaitMail("ls7-streets@example.org", withdrawn, withdrawal(coordinatorTask)))
        .isNotNull();
    assertThat(awaitMail("amina.volunteer@example.org", withdrawn, withdrawal(volunteerTask)))
        .isNotNull();
  }

  /** {@code from} accepts {@code task} and passes it on to {@code to}; returns the child Task. */
  static Task passOn(String from, Task task, String to) throws Exception {
    var client = as(from);
    updated(client, id(task), t -> t.setStatus(Task.TaskStatus.ACCEPTED));
    ServiceRequest onward = new ServiceRequest();
    onward
        .addIdentifier()
        .setSystem("https://pathway.example.org/Id/cascade-" + from)
        .setValue(UUID.randomUUID().toString());
    onward.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    onward.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    onward
        .getCode()
        .setText("Collect a prescription from the pharmacy and drop it round")
        .addCoding()
        .setSystem(CodeSystems.NEED)
        .setCode("practical-support");
    onward.addBasedOn(new Reference("ServiceRequest/" + focusOf(task)));
    onward.setSubject(new Reference(task.getFor().getReference()));
    onward.setRequester(
        new Reference("HealthcareService/" + from)
            .setIdentifier(
                new Identifier()
                    .setSystem("https://pathway.example.org/Id/directory")
                    .setValue(from)));
    onward.addPerformer(new Reference("HealthcareService/" + to));
    client.create().resource(onward).execute();
    Bundle children =
        client
            .search()
            .forResource(Task.class)
            .where(Task.PART_OF.hasId("Task/" + id(task)))
            .returnBundle(Bundle.class)
            .execute();
    assertThat(children.getEntry()).hasSize(1);
    Task child = (Task) children.getEntryFirstRep().getResource();
    assertThat(child.getOwner().getReference()).isEqualTo("HealthcareService/" + to);
    return child;
  }

  /**
   * Changes Task {@code id} as {@code client}, reading it afresh when the router or a receipt
   * changed it first (412), as any client of an If-Match API does.
   */
  static void updated(IGenericClient client, String id, java.util.function.Consumer<Task> change)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      Task t = client.read().resource(Task.class).withId(id).execute();
      change.accept(t);
      try {
        client.update().resource(t).withId(t.getIdElement().toUnqualified()).execute();
        return;
      } catch (PreconditionFailedException stale) {
        if (Instant.now().isAfter(deadline)) {
          throw stale;
        }
        Thread.sleep(200);
      }
    }
  }

  static Task read(String clientId, Task task) {
    return as(clientId).read().resource(Task.class).withId(id(task)).execute();
  }

  static Extension rollUp(IGenericClient client, Task task) {
    Extension rollUp =
        client
            .read()
            .resource(Task.class)
            .withId(id(task))
            .execute()
            .getExtensionByUrl(Extensions.CASCADE_ROLLUP);
    assertThat(rollUp).as("the roll-up on Task/" + id(task)).isNotNull();
    return rollUp;
  }

  static int count(Extension rollUp, String part) {
    return ((UnsignedIntType) rollUp.getExtensionByUrl(part).getValue()).getValue();
  }

  static String id(Task t) {
    return t.getIdElement().getIdPart();
  }

  static String focusOf(Task t) {
    return t.getFocus().getReferenceElement().getIdPart();
  }

  /** What the mail telling the holder of {@code task} of the withdrawal says. */
  static String withdrawal(Task task) {
    return "(reference " + id(task) + ") has";
  }

  /** The mail to {@code address} since {@code after} saying {@code words}, once it has come. */
  static DevMailServer.Arrival awaitMail(String address, Instant after, String words)
      throws InterruptedException {
    return Platform.await(
        "a mail to " + address + " saying '" + words + "'",
        () -> platform.mailTo(address, after, words));
  }

  @Test
  void routesAPoliceReferralWithoutNhsNumberByItsSource() throws Exception {
    // given the police's referral of a man of 34 in LS8, with no NHS number
    var referral = demo("police-referral.json");

    // when the police client sends it, then the emergency-services rule gives it to the community
    // link workers (not the east postcode rule that the same person referred by a GP would meet)
    assertThat(routedOwner("police-west-yorkshire", referral))
        .isEqualTo("HealthcareService/lw-community");
  }

  @Test
  void routesA16YearOldsGpReferralToTheYouthLinkWorkers() throws Exception {
    // given the practice's referral of a 16-year-old (born 2010-05-17, referred 2026-11-20)
    var referral = demo("youth-referral.json");

    assertThat(routedOwner("practice-a81001", referral)).isEqualTo("HealthcareService/lw-youth");
  }
}
