package org.pathway.deploy.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.testsupport.gp.GpFhirServer;
import org.pathway.testsupport.gp.Write;

/**
 * One referral played through every hop of the pathway over Pathway's public faces only — FHIR in,
 * email and the GP's FHIR endpoint out — recording a timeline as it goes. Each hop waits for its
 * evidence and fails, naming the hop, if it does not come.
 *
 * <p>The GP system sends its own {@code X-Correlation-ID} with the referral. Every actor after it
 * knows only what reached it: the link worker and the facilitators send back the correlation id
 * their email carried, and each hop of the timeline holds the correlation id read from that hop's
 * own evidence (the Task's {@code groupIdentifier}, the email's header, the header the GP system
 * received), never a copy kept here, so a hop that drops or replaces it shows.
 */
public final class PathwayScenario {

  /**
   * One hop of the timeline: what happened, when, who did it, and the correlation id its evidence
   * carried (null if it carried none).
   */
  public record Hop(String hop, Instant at, String actor, String correlationId) {}

  /** A hop whose evidence did not arrive. */
  public static final class HopFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HopFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String CORRELATION_HEADER = "X-Correlation-ID";

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final String fhirBase;
  private final DevTokens tokens;
  private final Map<String, IGenericClient> clients = new ConcurrentHashMap<>();
  private final IGenericClient gp;
  private final GpFhirServer gpSystem;
  private final DevMailServer mail;
  private final Path referralFile;
  private final List<Hop> timeline = new ArrayList<>();
  private final String sentCorrelationId = UUID.randomUUID().toString();

  /**
   * A scenario against the FHIR base {@code fhirBase}, each actor calling with a token of its own
   * demo client from {@code tokens}: the practice refers, the link-worker service its Task was
   * routed to accepts, scores and refers on, each group's facilitator answers for its group.
   */
  public PathwayScenario(
      String fhirBase,
      DevTokens tokens,
      GpFhirServer gpSystem,
      DevMailServer mail,
      Path referralFile) {
    fhir.getRestfulClientFactory().setSocketTimeout(30_000);
    this.fhirBase = fhirBase;
    this.tokens = tokens;
    this.gp = fhir.newRestfulGenericClient(gpSystem.baseUrl());
    this.gpSystem = gpSystem;
    this.mail = mail;
    this.referralFile = referralFile;
  }

  /** The correlation id the GP system sent with its referral. */
  public String sentCorrelationId() {
    return sentCorrelationId;
  }

  /** The hops so far, oldest first. */
  public List<Hop> timeline() {
    return List.copyOf(timeline);
  }

  /**
   * Plays the whole pathway. With {@code declineFirst}, the first group's facilitator declines and
   * the link worker re-offers another group before the person attends.
   */
  public void play(boolean declineFirst) throws Exception {
    // 1. The GP system sends the referral (a fresh business id, so reruns are new referrals).
    String sample =
        Files.readString(referralFile).replace("DEMO-0001", "DEMO-" + UUID.randomUUID());
    Bundle sent = fhir.newJsonParser().parseResource(Bundle.class, sample);
    IGenericClient practice = as(DemoClients.PRACTICE);
    step(
        "GP referral accepted",
        () ->
            practice
                .transaction()
                .withBundle(sent)
                .withAdditionalHeader(CORRELATION_HEADER, sentCorrelationId)
                .execute());
    Task referral =
        await(
            "Task created for the referral",
            () ->
                tasks(DemoClients.PRACTICE, null).stream()
                    .filter(t -> !t.hasPartOf())
                    .findFirst()
                    .orElse(null));
    record("GP referral received", referral, "GP practice A81001");

    // 2. The router takes it to a link-worker service, which is told by email.
    Task routed = await("routing to a link-worker service", () -> ownedVersionOf(referral));
    String service = routed.getOwner().getDisplay();
    record("routed to link-worker service", routed, "router");
    DevMailServer.Arrival toLinkWorker =
        await("link-worker notification", () -> mail.latestAbout(routed.getIdPart()).orElse(null));
    recordMail("link worker notified by email", toLinkWorker, "notifier");
    // From here the link worker quotes the correlation id its email carried, and calls as the
    // demo client of the service the Task was routed to (client id = directory id).
    Actor linkWorker =
        actor(service, routed.getOwner().getReferenceElement().getIdPart(), toLinkWorker);

    // 3. The link worker accepts; the GP hears.
    Task accepted = update(routed, t -> t.setStatus(Task.TaskStatus.ACCEPTED), linkWorker);
    record("link worker accepted", accepted, service);
    Task atGp = await("GP told of acceptance", () -> gpTask(referral, Task.TaskStatus.ACCEPTED));
    recordGp("GP endpoint updated: accepted", atGp);

    // 4. An entry wellbeing score, then an onward referral to a community group.
    Observation entry = score(referral, "entry", 19, linkWorker);
    String group = declineFirst ? "debt-advice-drop-in" : "walk-and-talk";
    Onward onward = referOn(referral, accepted, group, linkWorker);
    if (declineFirst) {
      Task declined = update(onward.child(), t -> decline(t), onward.facilitator());
      record("facilitator declined", declined, onward.facilitator().name());
      group = "walk-and-talk";
      onward = referOn(referral, accepted, group, linkWorker);
    }

    // 5. The facilitator accepts and records attendance.
    Actor facilitator = onward.facilitator();
    Task member = update(onward.child(), t -> t.setStatus(Task.TaskStatus.ACCEPTED), facilitator);
    Task attended =
        update(
            member,
            t ->
                t.setStatus(Task.TaskStatus.INPROGRESS)
                    .setBusinessStatus(businessStatus("session-attended")),
            facilitator);
    record("attendance recorded", attended, facilitator.name());

    // 6. Exit score; the link worker completes the referral with both scores.
    Observation exit = score(referral, "exit", 25, linkWorker);
    Task current =
        as(linkWorker.clientId())
            .read()
            .resource(Task.class)
            .withId(referral.getIdPart())
            .execute();
    Task completed =
        update(
            current,
            t -> {
              t.setStatus(Task.TaskStatus.COMPLETED)
                  .setBusinessStatus(businessStatus("completed-goals-met"));
              for (Observation o : List.of(entry, exit)) {
                t.addOutput()
                    .setType(new CodeableConcept().setText("wellbeing score"))
                    .setValue(new Reference("Observation/" + o.getIdPart()));
              }
            },
            linkWorker);
    record("referral completed with entry and exit SWEMWBS", completed, service);

    // 7. The GP endpoint holds the completed Task, the scores and a Communication.
    Task done = await("GP told of completion", () -> gpTask(referral, Task.TaskStatus.COMPLETED));
    await("outcome Observations at the GP", () -> gp(Observation.class, 2));
    await("Communications at the GP", () -> gp(Communication.class, 1));
    await(
        "the GP's Communication names the person and NHS number",
        () -> gpCommunicationSaying("Ada Okafor (NHS 9000000009"));
    recordGp("GP endpoint holds completed Task, outcomes, Communication", done);
  }

  /**
   * Someone acting on Pathway as demo client {@code clientId}, quoting the correlation id that
   * reached them.
   */
  private record Actor(String name, String clientId, String correlationId) {}

  /** An onward referral's Task and the facilitator told of it. */
  private record Onward(Task child, Actor facilitator) {}

  private Onward referOn(Task referral, Task parent, String group, Actor linkWorker)
      throws Exception {
    ServiceRequest onward = new ServiceRequest();
    onward
        .addIdentifier()
        .setSystem("https://pathway.example.org/Id/demo-onward")
        .setValue(UUID.randomUUID().toString());
    onward.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    onward.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    onward
        .getCode()
        .setText("Thursday morning walk")
        .addCoding(
            new Coding(
                "http://snomed.info/sct",
                "871731000000106",
                "Referral to social prescribing service"));
    onward.addBasedOn(new Reference(parent.getFocus().getReference()));
    onward.setSubject(parent.getFor().copy());
    // The link-worker service refers as itself: its directory entry, which is its organisation.
    onward.setRequester(
        new Reference("HealthcareService/" + linkWorker.clientId())
            .setDisplay(linkWorker.name())
            .setIdentifier(
                new org.hl7.fhir.r4.model.Identifier()
                    .setSystem("https://pathway.example.org/Id/directory")
                    .setValue(linkWorker.clientId())));
    onward.addPerformer(new Reference("HealthcareService/" + group));
    step(
        "onward referral to " + group,
        () ->
            as(linkWorker.clientId())
                .create()
                .resource(onward)
                .withAdditionalHeader(CORRELATION_HEADER, linkWorker.correlationId())
                .execute());
    Task child =
        await(
            "Task for the onward referral to " + group,
            () ->
                tasks(linkWorker.clientId(), referral).stream()
                    .filter(t -> t.getOwner().getReference().endsWith("/" + group))
                    .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
                    .findFirst()
                    .orElse(null));
    record("referred on to " + group, child, linkWorker.name());
    DevMailServer.Arrival toFacilitator =
        await(
            "facilitator email for " + group,
            () -> mail.latestTo(group + "@example.org").orElse(null));
    String body = GreenMailUtil.getBody(toFacilitator.message());
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
    return new Onward(child, actor("facilitator of " + group, group, toFacilitator));
  }

  private Observation score(Task referral, String timing, int value, Actor actor) throws Exception {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding(new Coding(CodeSystems.WELLBEING_INSTRUMENT, "SWEMWBS", "SWEMWBS"));
    o.addCategory().addCoding(new Coding(CodeSystems.MEASUREMENT_TIMING, timing, timing));
    o.setValue(new IntegerType(value));
    o.setEffective(new DateTimeType(new Date()));
    o.addFocus(new Reference("Task/" + referral.getIdPart()));
    o.setSubject(referral.getFor().copy());
    var created =
        step(
            "SWEMWBS " + timing,
            () ->
                as(actor.clientId())
                    .create()
                    .resource(o)
                    .withAdditionalHeader(CORRELATION_HEADER, actor.correlationId())
                    .execute());
    o.setId(created.getId().toUnqualifiedVersionless());
    // An Observation carries no correlation id: the hop holds what its author sent.
    timeline.add(
        new Hop(
            "SWEMWBS " + timing + " score " + value,
            Instant.now(),
            actor.name(),
            actor.correlationId()));
    return o;
  }

  private Task update(Task task, java.util.function.Consumer<Task> change, Actor actor)
      throws Exception {
    IGenericClient pathway = as(actor.clientId());
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

  private static void decline(Task t) {
    t.setStatus(Task.TaskStatus.REJECTED);
    t.setStatusReason(new CodeableConcept().setText("The group is full this term"));
  }

  private static CodeableConcept businessStatus(String code) {
    return new CodeableConcept()
        .addCoding(new Coding(CodeSystems.TASK_BUSINESS_STATUS, code, null));
  }

  private List<Task> tasks(String clientId, Task parent) {
    var query = as(clientId).search().forResource(Task.class);
    if (parent != null) {
      query = query.where(Task.PART_OF.hasId("Task/" + parent.getIdPart()));
    }
    return query.returnBundle(Bundle.class).execute().getEntry().stream()
        .map(e -> (Task) e.getResource())
        .toList();
  }

  private Task ownedVersionOf(Task referral) {
    Task now =
        as(DemoClients.PRACTICE).read().resource(Task.class).withId(referral.getIdPart()).execute();
    return now.hasOwner() ? now : null;
  }

  private Task gpTask(Task referral, Task.TaskStatus status) {
    return gp
        .search()
        .forResource(Task.class)
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .stream()
        .map(e -> (Task) e.getResource())
        .filter(t -> t.getIdElement().getIdPart().equals(referral.getIdPart()))
        .filter(t -> t.getStatus() == status)
        .findFirst()
        .orElse(null);
  }

  private <T extends org.hl7.fhir.instance.model.api.IBaseResource> Boolean gp(
      Class<T> type, int atLeast) {
    int n = gp.search().forResource(type).returnBundle(Bundle.class).execute().getEntry().size();
    return n >= atLeast ? Boolean.TRUE : null;
  }

  /** TRUE once a Communication at the GP says {@code text}; null until then. */
  private Boolean gpCommunicationSaying(String text) {
    boolean said =
        gp
            .search()
            .forResource(Communication.class)
            .returnBundle(Bundle.class)
            .execute()
            .getEntry()
            .stream()
            .flatMap(e -> ((Communication) e.getResource()).getPayload().stream())
            .anyMatch(
                p ->
                    p.hasContentStringType() && p.getContentStringType().getValue().contains(text));
    return said ? Boolean.TRUE : null;
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
    String version = atGp.getMeta().getVersionId();
    String correlation =
        gpSystem.writes().stream()
            .filter(w -> w.type().equals("Task") && w.id().equals(atGp.getIdPart()))
            .filter(w -> w.version().equals(version))
            .map(Write::correlationId)
            .findFirst()
            .orElse(null);
    Date at = atGp.getMeta().getLastUpdated();
    timeline.add(
        new Hop(hop, at == null ? Instant.now() : at.toInstant(), "notifier", correlation));
  }

  /** Timed by the mail server's arrival, to the millisecond: a Date header has only seconds. */
  private void recordMail(String hop, DevMailServer.Arrival arrival, String actor) {
    timeline.add(new Hop(hop, arrival.at(), actor, correlationOf(arrival)));
  }

  /** Whoever received {@code email}, calling as {@code clientId}, quoting its correlation id. */
  private static Actor actor(String name, String clientId, DevMailServer.Arrival email) {
    String correlation = correlationOf(email);
    if (correlation == null) {
      throw new HopFailed("the email to " + name + " carries no " + CORRELATION_HEADER, null);
    }
    return new Actor(name, clientId, correlation);
  }

  /** Pathway's FHIR API as demo client {@code clientId}: every call carries its bearer token. */
  private IGenericClient as(String clientId) {
    return clients.computeIfAbsent(
        clientId,
        id -> {
          IGenericClient client = fhir.newRestfulGenericClient(fhirBase);
          client.registerInterceptor(new BearerToken(tokens, id));
          return client;
        });
  }

  /** The {@code X-Correlation-ID} header the email arrived with, or null. */
  private static String correlationOf(DevMailServer.Arrival arrival) {
    try {
      return arrival.message().getHeader(CORRELATION_HEADER, null);
    } catch (MessagingException e) {
      throw new HopFailed("unreadable email headers", e);
    }
  }

  private <T> T step(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (BaseServerResponseException e) {
      throw new HopFailed(what + ": " + e.getStatusCode() + " " + e.getMessage(), e);
    }
  }

  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new HopFailed("no evidence of: " + what + " within " + WAIT.toSeconds() + " s", last);
  }
}
