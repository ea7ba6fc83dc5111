package org.pathway.deploy.demo;

import static org.pathway.deploy.demo.DemoClientsOnFhir.await;
import static org.pathway.deploy.demo.DemoClientsOnFhir.step;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.testsupport.gp.GpFhirServer;

/**
 * One referral played through every hop of the pathway over Pathway's public faces only — FHIR in
 * from the GP system, email out with signed links, the portal's pages for every answer the link
 * worker and facilitators give, and the GP's FHIR endpoint out — recording a timeline as it goes.
 * Each hop waits for its evidence and fails, naming the hop, if it does not come.
 *
 * <p>The GP system sends its own {@code X-Correlation-ID} with the referral. Every actor after it
 * knows only what reached it: the link worker and the facilitators open the link their email
 * carried, read the page and submit its forms as a browser would ({@link PersonAtLink}); each hop
 * of the timeline holds the correlation id read from that hop's own evidence (the Task's {@code
 * groupIdentifier}, the email's header, the header the GP system received), never a copy kept here,
 * so a hop that drops or replaces it shows.
 */
public final class PathwayScenario {

  /**
   * One hop of the timeline: what happened, when, who did it, and the correlation id its evidence
   * carried (null if it carried none).
   */
  public record Hop(String hop, Instant at, String actor, String correlationId) {}

  private static final String CORRELATION_HEADER = "X-Correlation-ID";

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final DemoClientsOnFhir systems;
  private final GpSystemView gp;
  private final DevMailServer mail;
  private final Inbox inbox;
  private final Path referralFile;
  private final List<Hop> timeline = new ArrayList<>();
  private final String sentCorrelationId = UUID.randomUUID().toString();
  private PersonAtLink linkWorkerAtLink;

  /**
   * A scenario against the FHIR base {@code fhirBase}: the practice refers with a token of its own
   * demo client from {@code tokens}; the link worker and facilitators answer from the links their
   * emails carried, on the portal at {@code portalUrl}.
   */
  public PathwayScenario(
      String fhirBase,
      DevTokens tokens,
      GpFhirServer gpSystem,
      DevMailServer mail,
      String portalUrl,
      Path referralFile) {
    fhir.getRestfulClientFactory().setSocketTimeout(30_000);
    this.systems = new DemoClientsOnFhir(fhir, fhirBase, tokens);
    this.gp = new GpSystemView(fhir, gpSystem);
    this.mail = mail;
    this.inbox = new Inbox(mail, portalUrl);
    this.referralFile = referralFile;
  }

  /** The correlation id the GP system sent with its referral. */
  public String sentCorrelationId() {
    return sentCorrelationId;
  }

  /** The link worker of the played referral, at the link their email carried (null before). */
  public PersonAtLink linkWorker() {
    return linkWorkerAtLink;
  }

  /** The hops so far, oldest first. */
  public List<Hop> timeline() {
    return List.copyOf(timeline);
  }

  /**
   * Plays the whole pathway. With {@code declineFirst}, the first group's facilitator declines and
   * the link worker re-offers another group before the person attends.
   *
   * <p>The link worker and the facilitators answer only from the links their emails carried, on the
   * portal's pages. Only the close of the referral is a FHIR call: it is the link-worker service's
   * own case-management system that completes its Task with the outcome scores (the pages offer a
   * link worker no "complete").
   */
  public void play(boolean declineFirst) throws Exception {
    // 1. The GP system sends the referral (a fresh business id, so reruns are new referrals).
    String sample =
        Files.readString(referralFile).replace("DEMO-0001", "DEMO-" + UUID.randomUUID());
    Bundle sent = fhir.newJsonParser().parseResource(Bundle.class, sample);
    IGenericClient practice = systems.as(DemoClients.PRACTICE);
    int gpObservationsBefore = gp.count(Observation.class);
    Bundle answer =
        step(
            "GP referral accepted",
            () ->
                practice
                    .transaction()
                    .withBundle(sent)
                    .withAdditionalHeader(CORRELATION_HEADER, sentCorrelationId)
                    .execute());
    // Found by its ServiceRequest: earlier referrals (the demo's cohort) may be there too.
    String serviceRequest = Referrals.serviceRequestId(answer);
    Task referral =
        await("Task created for the referral", () -> Referrals.rootTask(practice, serviceRequest));
    record("GP referral received", referral, "GP practice A81001");

    // 2. The router takes it to a link-worker service, which is told by email with a signed link.
    Task routed = await("routing to a link-worker service", () -> ownedVersionOf(referral));
    String service = routed.getOwner().getDisplay();
    String serviceId = routed.getOwner().getReferenceElement().getIdPart();
    record("routed to link-worker service", routed, "router");
    DevMailServer.Arrival toLinkWorker =
        await("link-worker notification", () -> mail.latestAbout(routed.getIdPart()).orElse(null));
    recordMail("link worker notified by email", toLinkWorker, "notifier");
    PersonAtLink linkWorker = inbox.personAt(service, toLinkWorker);
    linkWorkerAtLink = linkWorker;

    // 3. The link worker accepts from the email's link; the GP hears.
    linkWorker.press("Accept");
    Task accepted = awaitStatus(referral, DemoClients.PRACTICE, Task.TaskStatus.ACCEPTED);
    record("link worker accepted", accepted, service);
    Task atGp = await("GP told of acceptance", () -> gp.task(referral, Task.TaskStatus.ACCEPTED));
    recordGp("GP endpoint updated: accepted", atGp);

    // 4. The first conversation, an entry wellbeing score, then an onward referral to a group
    // chosen on the page (the page offers groups once the link worker has met the person).
    linkWorker.press("Record the first conversation");
    Task met = awaitStatus(referral, DemoClients.PRACTICE, Task.TaskStatus.INPROGRESS);
    record("link worker held the first conversation", met, service);
    score(referral, linkWorker, "At the start", 19, "entry");
    String group = declineFirst ? "debt-advice-drop-in" : "walk-and-talk";
    Onward onward = referOn(referral, group, linkWorker);
    if (declineFirst) {
      Instant beforeDecline = Instant.now();
      onward
          .facilitator()
          .answer("Decline", f -> f.select("Why are you declining?", "We have no places"));
      Task declined = awaitStatus(onward.child(), group, Task.TaskStatus.REJECTED);
      record("facilitator declined", declined, onward.facilitator().name());
      // The link worker hears the decline with the reason the facilitator chose, as its code in
      // the decline-reason ValueSet and in words.
      DevMailServer.Arrival toldOfDecline =
          await(
              "the link worker told of the decline with its coded reason",
              () -> inbox.mailTo(toLinkWorker, beforeDecline, "reason code no-capacity"));
      if (!MailText.of(toldOfDecline.message()).contains("No places available")) {
        throw new HopFailed("the link worker's email does not say why the group declined", null);
      }
      recordMail("link worker told of the decline and its coded reason", toldOfDecline, "notifier");
      group = "walk-and-talk";
      onward = referOn(referral, group, linkWorker);
    }

    // 5. The facilitator accepts from their email's link; the link worker is told by email.
    PersonAtLink facilitator = onward.facilitator();
    String groupName = GROUP_NAMES.get(group);
    Instant beforeAccept = Instant.now();
    facilitator.press("Accept");
    Task member = awaitStatus(onward.child(), group, Task.TaskStatus.ACCEPTED);
    record("facilitator accepted", member, facilitator.name());
    DevMailServer.Arrival told =
        await(
            "the link worker told of the group's answer",
            () -> inbox.mailTo(toLinkWorker, beforeAccept, groupName));
    recordMail("link worker told of the group's answer by email", told, "notifier");

    // 6. Two sessions (one attended, one not), then the person has finished with the group.
    session(onward.child(), group, facilitator, true);
    session(onward.child(), group, facilitator, false);
    facilitator.press("They have finished");
    Task finished = awaitStatus(onward.child(), group, Task.TaskStatus.COMPLETED);
    record("facilitator said the person has finished", finished, facilitator.name());

    // 7. Exit score; the link-worker service's own system completes the referral with both scores.
    score(referral, linkWorker, "At the end", 25, "exit");
    List<Observation> scores =
        await("both scores in the ledger", () -> observationsAbout(referral, serviceId, 2));
    Task completed =
        update(
            referral,
            t -> {
              t.setStatus(Task.TaskStatus.COMPLETED)
                  .setBusinessStatus(businessStatus("completed-goals-met"));
              for (Observation o : scores) {
                t.addOutput()
                    .setType(new CodeableConcept().setText("wellbeing score"))
                    .setValue(new Reference("Observation/" + o.getIdPart()));
              }
            },
            new Actor(service, serviceId, linkWorker.correlationId()));
    record("referral completed with entry and exit SWEMWBS", completed, service);

    // 8. The GP endpoint holds the completed Task, the scores and a Communication.
    Task done = await("GP told of completion", () -> gp.task(referral, Task.TaskStatus.COMPLETED));
    await(
        "outcome Observations at the GP",
        () -> gp.holds(Observation.class, gpObservationsBefore + 2));
    await("Communications at the GP", () -> gp.holds(Communication.class, 1));
    await(
        "the GP's Communication names the person and NHS number",
        () -> gp.communicationSaying("Ada Okafor (NHS 9000000009"));
    recordGp("GP endpoint holds completed Task, outcomes, Communication", done);
  }

  /**
   * A client system acting on Pathway as demo client {@code clientId}, quoting the correlation id
   * that reached it.
   */
  private record Actor(String name, String clientId, String correlationId) {}

  /** An onward referral's Task and the facilitator told of it. */
  private record Onward(Task child, PersonAtLink facilitator) {}

  /** The demo groups' names as the directory (and so the pages and emails) give them. */
  private static final Map<String, String> GROUP_NAMES =
      Map.of("walk-and-talk", "Walk and Talk Group", "debt-advice-drop-in", "Debt Advice Drop-in");

  private Onward referOn(Task referral, String group, PersonAtLink linkWorker) throws Exception {
    Instant before = Instant.now();
    linkWorker.answer(
        "Refer to this group", f -> f.choose(GROUP_NAMES.get(group)), PersonAtLink.REFERRED);
    Task child =
        await(
            "Task for the onward referral to " + group,
            () ->
                tasks(group, null).stream()
                    .filter(
                        t ->
                            t.getPartOf().stream()
                                .anyMatch(
                                    p -> p.getReference().endsWith("/" + referral.getIdPart())))
                    .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
                    .findFirst()
                    .orElse(null));
    record("referred on to " + group, child, linkWorker.name());
    DevMailServer.Arrival toFacilitator =
        await(
            "facilitator email for " + group,
            () ->
                mail.latestTo(group + "@example.org")
                    .filter(a -> !a.at().isBefore(before))
                    .orElse(null));
    String body = MailText.of(toFacilitator.message());
    String person = "Ada";
    if (!body.contains(person)) {
      throw new HopFailed("the facilitator's email does not name the person", null);
    }
    for (String forbidden : List.of("9000000009", "Okafor", "social-connection", "1958")) {
      if (body.contains(forbidden)) {
        throw new HopFailed(
            "the facilitator's email carries '" + forbidden + "', outside its allowlist", null);
      }
    }
    recordMail(
        "facilitator emailed (first name, contact preference, activity, when only)",
        toFacilitator,
        "notifier");
    return new Onward(child, inbox.personAt("facilitator of " + group, toFacilitator));
  }

  /**
   * One session recorded from the facilitator's page, today, attended or not; the hop is the new
   * Task version saying so, as the ledger keeps it.
   */
  private void session(Task child, String group, PersonAtLink facilitator, boolean attended)
      throws Exception {
    String code = attended ? "session-attended" : "did-not-attend";
    long before = versionsSaying(child, group, code).size();
    facilitator.answer(
        "Record this session",
        f ->
            f.fill("Date of the session", LocalDate.now(ZoneOffset.UTC).toString())
                .choose(attended ? "Yes, they came" : "No, they did not come"));
    Task recorded =
        await(
            "a Task version saying " + code,
            () -> {
              List<Task> saying = versionsSaying(child, group, code);
              return saying.size() > before ? saying.get(saying.size() - 1) : null;
            });
    record(
        attended ? "attendance recorded" : "did not attend recorded", recorded, facilitator.name());
  }

  /**
   * The versions of {@code task} in the ledger whose businessStatus is {@code code}, oldest first.
   */
  private List<Task> versionsSaying(Task task, String clientId, String code) {
    return history(task, clientId).stream()
        .filter(t -> code.equals(businessStatusOf(t)))
        .sorted(
            java.util.Comparator.comparingLong(
                t -> Long.parseLong(t.getIdElement().getVersionIdPart())))
        .toList();
  }

  /** A wellbeing score recorded from the link worker's page. */
  private void score(
      Task referral, PersonAtLink linkWorker, String when, int value, String timing) {
    linkWorker.answer(
        "Record the score",
        f ->
            f.select("Questionnaire", "SWEMWBS")
                .choose(when)
                .fill("Total score", Integer.toString(value)));
    // An Observation carries no correlation id: the hop holds the referral's, from the ledger.
    timeline.add(
        new Hop(
            "SWEMWBS " + timing + " score " + value,
            Instant.now(),
            linkWorker.name(),
            referral.getGroupIdentifier().getValue()));
  }

  private Task update(Task task, Consumer<Task> change, Actor actor) throws Exception {
    IGenericClient pathway = systems.as(actor.clientId());
    // Optimistic concurrency, as a real client does it: Pathway may add a version between the read
    // and the write (a delivery receipt, say), so a 412 means read again and re-apply the change.
    for (int attempt = 1; ; attempt++) {
      Task next = pathway.read().resource(Task.class).withId(task.getIdPart()).execute();
      change.accept(next);
      try {
        step(
            actor.name() + " updates Task " + task.getIdPart(),
            () ->
                pathway
                    .update()
                    .resource(next)
                    // With the version read: HAPI's client sends it as If-Match, which is required.
                    .withId(next.getIdElement().toUnqualified())
                    .withAdditionalHeader(CORRELATION_HEADER, actor.correlationId())
                    .execute());
        return pathway.read().resource(Task.class).withId(task.getIdPart()).execute();
      } catch (HopFailed e) {
        if (!(e.getCause() instanceof PreconditionFailedException) || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static CodeableConcept businessStatus(String code) {
    return new CodeableConcept()
        .addCoding(new Coding(CodeSystems.TASK_BUSINESS_STATUS, code, null));
  }

  private List<Task> tasks(String clientId, Task parent) {
    var query = systems.as(clientId).search().forResource(Task.class);
    if (parent != null) {
      query = query.where(Task.PART_OF.hasId("Task/" + parent.getIdPart()));
    }
    return query.returnBundle(Bundle.class).execute().getEntry().stream()
        .map(e -> (Task) e.getResource())
        .toList();
  }

  private Task ownedVersionOf(Task referral) {
    Task now =
        systems
            .as(DemoClients.PRACTICE)
            .read()
            .resource(Task.class)
            .withId(referral.getIdPart())
            .execute();
    return now.hasOwner() ? now : null;
  }

  /** A hop evidenced by Pathway's Task, which carries its correlation id as groupIdentifier. */
  private void record(String hop, Task task, String actor) {
    String correlation = task.hasGroupIdentifier() ? task.getGroupIdentifier().getValue() : null;
    timeline.add(new Hop(hop, task.getMeta().getLastUpdated().toInstant(), actor, correlation));
  }

  /**
   * A hop evidenced by the GP system's copy of the Task, with the correlation id the request that
   * wrote that version carried.
   */
  private void recordGp(String hop, Task atGp) {
    Date at = atGp.getMeta().getLastUpdated();
    timeline.add(
        new Hop(
            hop, at == null ? Instant.now() : at.toInstant(), "notifier", gp.correlationOf(atGp)));
  }

  /** Timed by the mail server's arrival, to the millisecond: a Date header has only seconds. */
  private void recordMail(String hop, DevMailServer.Arrival arrival, String actor) {
    timeline.add(new Hop(hop, arrival.at(), actor, Inbox.correlationOf(arrival)));
  }

  /** The Task as {@code clientId} reads it once it has {@code status}. */
  private Task awaitStatus(Task task, String clientId, Task.TaskStatus status)
      throws InterruptedException {
    return await(
        "Task " + task.getIdPart() + " " + status.toCode(),
        () -> {
          Task now =
              systems.as(clientId).read().resource(Task.class).withId(task.getIdPart()).execute();
          return now.getStatus() == status ? now : null;
        });
  }

  /** The Task's versions as {@code clientId} reads them, newest first. */
  private List<Task> history(Task task, String clientId) {
    return systems
        .as(clientId)
        .history()
        .onInstance("Task/" + task.getIdPart())
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .stream()
        .map(e -> (Task) e.getResource())
        .toList();
  }

  private static String businessStatusOf(Task task) {
    return task.getBusinessStatus().getCoding().stream()
        .map(Coding::getCode)
        .findFirst()
        .orElse(null);
  }

  /** The Observations about the referral's Task, once there are {@code atLeast}; null until. */
  private List<Observation> observationsAbout(Task referral, String clientId, int atLeast) {
    List<Observation> found =
        systems
            .as(clientId)
            .search()
            .forResource(Observation.class)
            .where(Observation.FOCUS.hasId("Task/" + referral.getIdPart()))
            .returnBundle(Bundle.class)
            .execute()
            .getEntry()
            .stream()
            .map(e -> (Observation) e.getResource())
            .toList();
    return found.size() >= atLeast ? found : null;
  }

  /** Pathway's FHIR API as demo client {@code clientId}: every call carries its bearer token. */
}
