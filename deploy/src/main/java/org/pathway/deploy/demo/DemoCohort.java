package org.pathway.deploy.demo;

import static org.pathway.deploy.demo.DemoClientsOnFhir.await;
import static org.pathway.deploy.demo.DemoClientsOnFhir.step;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.IdentifierSystems;

/**
 * The earlier referrals the demo plays before its own, so that the commissioner's dashboard has
 * enough journeys to publish: counts under 5 stay suppressed in dev mode too, and one referral
 * alone would show nothing. Each person is referred by the demo practice, then the link-worker
 * service's and the group's own systems act over the FHIR API as their demo clients (accept, first
 * conversation, entry SWEMWBS, onward referral, a session attended, the group finished, exit
 * SWEMWBS, completed) — what their staff would do on the portal's pages, without the emails.
 *
 * <p>Each step waits for what it causes (the routing, the notifications, the GP's copy), so nothing
 * of the cohort is still arriving when the demo's own referral is played and looked for.
 */
public final class DemoCohort {

  /**
   * One earlier person: who they are for the equity breakdowns and their SWEMWBS totals.
   *
   * @param postcode an LS8 or LS9 postcode, so triage sends them to the demo link workers
   */
  public record Person(
      String given,
      String family,
      String nhsNumber,
      String gender,
      String ethnicCategory,
      String birthDate,
      String postcode,
      int entry,
      int exit) {}

  /** Five people, the fewest the figures publish; the demo's own referral makes six. */
  public static final List<Person> PEOPLE =
      List.of(
          new Person("Sam", "Hughes", "9000000017", "male", "A", "1971-06-02", "LS8 2QB", 15, 21),
          new Person("Priya", "Shah", "9000000025", "female", "H", "1989-09-17", "LS9 7TF", 17, 22),
          new Person("Tom", "Walsh", "9000000033", "male", "C", "1952-01-30", "LS8 5AB", 20, 24),
          new Person(
              "Grace", "Mensah", "9000000041", "female", "N", "1996-04-11", "LS9 7TF", 14, 19),
          new Person("Wei", "Chen", "9000000068", "male", "R", "1964-12-05", "LS8 1HX", 18, 23));

  private static final String GROUP = "walk-and-talk";
  private static final String ETHNIC_CATEGORY =
      "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory";

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final GpSystemView gp;
  private final DevMailServer mail;
  private final Path referralFile;
  private final DemoClientsOnFhir systems;

  /** A cohort sent to {@code fhirBase}, its referrals shaped like {@code referralFile}. */
  public DemoCohort(
      String fhirBase,
      DevTokens tokens,
      org.pathway.testsupport.gp.GpFhirServer gpSystem,
      DevMailServer mail,
      Path referralFile) {
    this.systems = new DemoClientsOnFhir(fhir, fhirBase, tokens);
    this.gp = new GpSystemView(fhir, gpSystem);
    this.mail = mail;
    this.referralFile = referralFile;
  }

  /** Plays every person's referral to its end, telling {@code progress} of each. */
  public void play(Consumer<String> progress) throws Exception {
    for (Person person : PEOPLE) {
      playOne(person);
      progress.accept(
          person.given()
              + " (SWEMWBS "
              + person.entry()
              + " at entry, "
              + person.exit()
              + " at exit): completed");
    }
  }

  private void playOne(Person person) throws Exception {
    String serviceRequest = refer(person);
    Task referral =
        await(
            person.given() + "'s referral routed",
            () -> {
              Task t = Referrals.rootTask(systems.as(DemoClients.PRACTICE), serviceRequest);
              return t != null && t.hasOwner() ? t : null;
            });
    String service = referral.getOwner().getReferenceElement().getIdPart();
    if (!DemoClients.LINK_WORKER.equals(service)) {
      throw new HopFailed(person.given() + "'s referral went to " + service, null);
    }
    await("the link worker emailed of " + person.given(), () -> about(referral.getIdPart()));
    change(service, referral, t -> t.setStatus(Task.TaskStatus.ACCEPTED));
    change(
        service,
        referral,
        t ->
            t.setStatus(Task.TaskStatus.INPROGRESS)
                .setBusinessStatus(businessStatus("first-conversation-held")));
    Observation entry = score(service, referral, "entry", person.entry());

    Task child = referOn(service, referral);
    // The facilitator's email names the group, not the Task, in its subject; its text has the Task.
    await(
        "the facilitator emailed of " + person.given(),
        () ->
            mail.arrivals().stream()
                .filter(a -> MailText.of(a.message()).contains(child.getIdPart()))
                .findFirst()
                .orElse(null));
    Instant beforeAccept = Instant.now();
    change(GROUP, child, t -> t.setStatus(Task.TaskStatus.ACCEPTED));
    // The link worker is emailed of the group's answer: wait for it, so it cannot be mistaken for
    // the demo's own.
    await(
        "the link worker told of the group's answer for " + person.given(),
        () ->
            mail.arrivals().stream()
                .filter(a -> !a.at().isBefore(beforeAccept))
                .filter(
                    a ->
                        subjectNames(a, "answered about")
                            && (subjectNames(a, person.given())
                                || MailText.of(a.message()).contains(referral.getIdPart())
                                || MailText.of(a.message()).contains(child.getIdPart())))
                .findFirst()
                .orElse(null));
    change(
        GROUP,
        child,
        t -> {
          t.setStatus(Task.TaskStatus.INPROGRESS)
              .setBusinessStatus(businessStatus("session-attended"));
          t.getOutput().clear();
          t.addOutput()
              .setType(outputType("session", "Session"))
              .setValue(new DateType(new Date()));
        });
    change(
        GROUP,
        child,
        t -> {
          t.setStatus(Task.TaskStatus.COMPLETED);
          t.getOutput().clear();
          t.addOutput()
              .setType(outputType("finished-group", "Finished with the group"))
              .setValue(new DateType(new Date()));
        });

    Observation exit = score(service, referral, "exit", person.exit());
    change(
        service,
        referral,
        t -> {
          t.setStatus(Task.TaskStatus.COMPLETED)
              .setBusinessStatus(businessStatus("completed-goals-met"));
          for (Observation o : List.of(entry, exit)) {
            t.addOutput()
                .setType(new CodeableConcept().setText("wellbeing score"))
                .setValue(new Reference("Observation/" + o.getIdElement().getIdPart()));
          }
        });
    await(
        "the GP told " + person.given() + "'s referral is completed",
        () -> gp.task(referral, Task.TaskStatus.COMPLETED));
  }

  /** The practice's referral of {@code person}; the ServiceRequest's id. */
  private String refer(Person person) throws Exception {
    Bundle bundle =
        fhir.newJsonParser().parseResource(Bundle.class, Files.readString(referralFile));
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      if (e.getResource() instanceof Patient p) {
        p.getIdentifierFirstRep().setValue(person.nhsNumber());
        p.getNameFirstRep().setFamily(person.family()).getGiven().clear();
        p.getNameFirstRep().addGiven(person.given());
        p.setGender(
            org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.fromCode(person.gender()));
        p.setBirthDateElement(new DateType(person.birthDate()));
        p.getAddressFirstRep().setPostalCode(person.postcode());
        p.getTelecomFirstRep()
            .setValue(person.given().toLowerCase(java.util.Locale.ROOT) + "@example.org");
        ((CodeableConcept) p.getExtensionByUrl(ETHNIC_CATEGORY).getValue())
            .getCodingFirstRep()
            .setCode(person.ethnicCategory())
            .setDisplay(null);
      } else if (e.getResource() instanceof ServiceRequest sr) {
        sr.getIdentifierFirstRep().setValue("DEMO-COHORT-" + UUID.randomUUID());
        sr.setAuthoredOnElement(new DateTimeType(new Date()));
      }
    }
    Bundle response =
        step(
            "refer " + person.given(),
            () -> systems.as(DemoClients.PRACTICE).transaction().withBundle(bundle).execute());
    return Referrals.serviceRequestId(response);
  }

  /** The link-worker service's onward referral to the group; the group's Task. */
  private Task referOn(String service, Task referral) throws Exception {
    Task current =
        systems.as(service).read().resource(Task.class).withId(referral.getIdPart()).execute();
    ServiceRequest onward = new ServiceRequest();
    onward
        .addIdentifier()
        .setSystem("https://pathway.example.org/Id/demo-cohort-onward")
        .setValue(UUID.randomUUID().toString());
    onward.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    onward.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    onward
        .getCode()
        .setText("Walk and Talk Group")
        .addCoding(
            new Coding(
                "http://snomed.info/sct",
                "871731000000106",
                "Referral to social prescribing service"));
    onward.addBasedOn(new Reference(current.getFocus().getReference()));
    onward.setSubject(current.getFor().copy());
    // The owner as requester, with its organisation, as the portal refers on: the ledger accepts
    // an onward referral only from the caller's own organisation.
    Reference requester = current.getOwner().copy();
    if (!requester.hasIdentifier()) {
      requester.getIdentifier().setSystem(IdentifierSystems.ORGANIZATION).setValue(service);
    }
    onward.setRequester(requester);
    onward.addPerformer(new Reference("HealthcareService/" + GROUP));
    step("refer on to " + GROUP, () -> systems.as(service).create().resource(onward).execute());
    return await(
        "the group's Task",
        () ->
            systems
                .as(GROUP)
                .search()
                .forResource(Task.class)
                .where(Task.PART_OF.hasId("Task/" + referral.getIdPart()))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .findFirst()
                .orElse(null));
  }

  private Observation score(String service, Task referral, String timing, int total) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding(new Coding(CodeSystems.WELLBEING_INSTRUMENT, "SWEMWBS", "SWEMWBS"));
    o.addCategory().addCoding(new Coding(CodeSystems.MEASUREMENT_TIMING, timing, timing));
    o.setValue(new IntegerType(total));
    // To the millisecond: a person's entry and exit scores here are taken a second or less apart,
    // and an exit that does not come after its entry makes no pair (to the second they often tie).
    o.setEffective(new DateTimeType(new Date(), TemporalPrecisionEnum.MILLI));
    o.addFocus(new Reference("Task/" + referral.getIdPart()));
    var created =
        step("SWEMWBS " + timing, () -> systems.as(service).create().resource(o).execute());
    o.setId(created.getId());
    return o;
  }

  /** Reads, changes and updates the Task as {@code clientId}; a 412 means read again. */
  private void change(String clientId, Task task, Consumer<Task> how) {
    for (int attempt = 1; ; attempt++) {
      Task next =
          systems.as(clientId).read().resource(Task.class).withId(task.getIdPart()).execute();
      how.accept(next);
      try {
        systems
            .as(clientId)
            .update()
            .resource(next)
            .withId(next.getIdElement().toUnqualified())
            .execute();
        return;
      } catch (PreconditionFailedException stale) {
        if (attempt == 5) {
          throw new HopFailed(clientId + " could not update Task " + task.getIdPart(), stale);
        }
      } catch (BaseServerResponseException e) {
        throw new HopFailed(
            clientId + " updating Task " + task.getIdPart() + ": " + e.getMessage(), e);
      }
    }
  }

  private DevMailServer.Arrival about(String taskId) {
    return mail.latestAbout(taskId).orElse(null);
  }

  private static boolean subjectNames(DevMailServer.Arrival arrival, String words) {
    try {
      String subject = arrival.message().getSubject();
      return subject != null && subject.contains(words);
    } catch (jakarta.mail.MessagingException e) {
      return false;
    }
  }

  private static CodeableConcept businessStatus(String code) {
    return new CodeableConcept(new Coding(CodeSystems.TASK_BUSINESS_STATUS, code, null));
  }

  private static CodeableConcept outputType(String code, String display) {
    return new CodeableConcept(new Coding(CodeSystems.TASK_OUTPUT_TYPE, code, display));
  }
}
