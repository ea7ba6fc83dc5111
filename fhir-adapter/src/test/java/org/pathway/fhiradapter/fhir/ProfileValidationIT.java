package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * Full profile validation against Pathway's own profiles (shipped in the adapter) and an operator's
 * IG package given by configuration (a tiny one under {@code src/test/resources/ig}): conformant
 * resources pass, non-conformant ones are refused naming the element, directly and over HTTP when
 * validation is switched on; the CapabilityStatement lists the profiles.
 */
class ProfileValidationIT {

  static final Path TINY_IG = Path.of("src/test/resources/ig/tiny-ig");
  static final String TINY_PATIENT = "https://ig.example.org/StructureDefinition/tiny-patient";
  static final FhirContext FHIR = Fixtures.FHIR;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Pathway's profiles only: no operator IG. */
  static ProfileValidator pathwayOnly;

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;

  @BeforeAll
  static void start() {
    pathwayOnly = new ProfileValidator(FHIR, "");
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter =
        Adapter.start(
            db,
            kafka.bootstrapServers(),
            Map.of(
                "pathway.fhir.validation.enabled",
                true,
                "pathway.fhir.validation.ig-dir",
                TINY_IG.toString()));
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "referral-servicerequest.json",
        "profile/sr-onward.json",
        "profile/task-requested.json",
        "profile/task-in-progress.json",
        "profile/observation-swemwbs-entry.json",
        "profile/observation-wemwbs-exit-integer.json"
      })
  void conformantResourcesPass(String fixture) {
    assertThat(pathwayOnly.validate(parse(fixture))).isEmpty();
  }

  @ParameterizedTest(name = "{0} is refused at {1}")
  @CsvSource({
    "bad/sr-wrong-code.json, ServiceRequest.code, pwr-2",
    "bad/sr-intent-plan.json, ServiceRequest.intent, pwr-1",
    "bad/sr-onward-without-basedon.json, ServiceRequest.basedOn, pwr-3",
    "bad/sr-missing-requester.json, ServiceRequest.requester, minimum required",
    "bad/sr-missing-nhs-number.json, ServiceRequest.subject, pwr-5",
    "profile/task-without-focus.json, Task.focus, minimum required",
    "profile/task-accepted-without-owner.json, Task.owner, pwt-3",
    "profile/task-cancelled-without-reason.json, Task.statusReason, pwt-1",
    "profile/task-unknown-business-status.json, Task.businessStatus, went-fishing",
    "profile/task-intent-plan.json, Task.intent, fixed to 'order'",
    "profile/observation-swemwbs-out-of-range.json, Observation.value.ofType(Quantity), pww-3",
    "profile/observation-unknown-instrument.json, Observation.code, pww-6",
    "profile/observation-without-timing.json, Observation.category, pww-1",
    "profile/observation-without-focus.json, Observation.focus, minimum required"
  })
  void nonConformantResourcesAreRefusedNamingTheElement(
      String fixture, String element, String messagePart) {
    List<Issue> issues = pathwayOnly.validate(parse(fixture));

    assertThat(issues)
        .as("issues of " + fixture + ": " + issues)
        .anySatisfy(
            i -> {
              assertThat(i.expression()).isEqualTo(element);
              assertThat(i.message()).contains(messagePart);
            });
  }

  @Test
  void anOperatorsIgDirectoryGivenByConfigurationIsLoaded() {
    ProfileValidator configured = adapter.context().getBean(ProfileValidator.class);
    Patient conformant = tinyPatient();
    Patient noBirthDate = tinyPatient().setBirthDateElement(null);

    assertThat(configured.validate(conformant)).isEmpty();
    assertThat(configured.validate(noBirthDate))
        .anySatisfy(i -> assertThat(i.expression()).isEqualTo("Patient.birthDate"));
    // Without the package the claimed profile is unknown, so the conformant Patient is refused.
    assertThat(pathwayOnly.validate(conformant))
        .anySatisfy(i -> assertThat(i.message()).contains(TINY_PATIENT));
  }

  @Test
  void theCapabilityStatementListsPathwaysProfiles() throws Exception {
    var res = send(HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/metadata")).GET());
    assertThat(res.statusCode()).isEqualTo(200);
    var cs = FHIR.newJsonParser().parseResource(CapabilityStatement.class, res.body());

    assertThat(supportedProfiles(cs, "ServiceRequest")).containsExactly(PathwayProfiles.REFERRAL);
    assertThat(supportedProfiles(cs, "Task")).containsExactly(PathwayProfiles.TASK);
    assertThat(supportedProfiles(cs, "Observation"))
        .containsExactly(PathwayProfiles.WELLBEING_SCORE);
  }

  @Test
  void overHttpAConformantReferralIsAcceptedAndANonConformantOneRefused() throws Exception {
    var created = post("/ServiceRequest", Fixtures.referral());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    ServiceRequest wrongCode = Fixtures.referral();
    wrongCode.getCode().getCodingFirstRep().setCode("3457005").setDisplay("Patient referral");
    var refused = post("/ServiceRequest", wrongCode);

    assertRefused(refused, "ServiceRequest.code", "pwr-2");
  }

  @Test
  void overHttpAConformantTransactionIsAccepted() throws Exception {
    var res = post("", Fixtures.bundle("referral-transaction.json"));

    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    var entries = FHIR.newJsonParser().parseResource(Bundle.class, res.body()).getEntry();
    // Patient and ServiceRequest are created (the Organization only resolves the requester).
    assertThat(entries.get(0).getResponse().getStatus()).startsWith("201");
    assertThat(entries.get(1).getResponse().getStatus()).startsWith("201");
    assertThat(entries.get(1).getResponse().getLocation()).startsWith("ServiceRequest/");
  }

  @Test
  void overHttpABundledResourceBreakingTheOperatorsProfileIsRefused() throws Exception {
    Bundle tx = Fixtures.bundle("referral-transaction.json");
    Patient patient = patientOf(tx);
    patient.getMeta().addProfile(TINY_PATIENT);
    patient.setBirthDateElement(null);

    assertRefused(post("", tx), "Patient.birthDate", "minimum required");
  }

  @Test
  void overHttpATaskUpdateWithoutFocusIsRefusedAndNothingChanges() throws Exception {
    Task task = taskOfNewReferral();
    assertThat(pathwayOnly.validate(task)).as("the ledger's own Task conforms").isEmpty();
    Task update = task.copy();
    update.setStatus(TaskStatus.CANCELLED);
    update.getStatusReason().setText("withdrawn by the practice");
    update.setFocus(null);

    assertRefused(put(update), "Task.focus", "minimum required");
    assertThat(
            adapter
                .ledger()
                .readTask(task.getIdPart(), org.pathway.fhiradapter.ledger.Visibility.EVERYTHING)
                .orElseThrow()
                .getStatus())
        .isEqualTo(TaskStatus.REQUESTED);
  }

  @Test
  void overHttpAnOutOfRangeScoreIsRefusedByTheProfile() throws Exception {
    Task task = taskOfNewReferral();
    Observation score = (Observation) parse("profile/observation-swemwbs-out-of-range.json");
    score.getFocusFirstRep().setReference("Task/" + task.getIdPart());
    score.setSubject(task.getFor().copy());

    assertRefused(post("/Observation", score), "Observation.value.ofType(Quantity)", "pww-3");
    assertThat(adapter.ledger().count("outcome", null)).isZero();
  }

  // ---------------------------------------------------------------- helpers

  static Resource parse(String fixture) {
    return (Resource) FHIR.newJsonParser().parseResource(Fixtures.text(fixture));
  }

  static Patient tinyPatient() {
    Patient p = new Patient();
    p.getMeta().addProfile(TINY_PATIENT);
    p.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue("9434765919");
    p.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
    p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1948-03-02"));
    return p;
  }

  static Patient patientOf(Bundle b) {
    return b.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(Patient.class::isInstance)
        .map(Patient.class::cast)
        .findFirst()
        .orElseThrow();
  }

  static List<String> supportedProfiles(CapabilityStatement cs, String type) {
    return cs.getRestFirstRep().getResource().stream()
        .filter(r -> type.equals(r.getType()))
        .map(CapabilityStatementRestResourceComponent::getSupportedProfile)
        .flatMap(List::stream)
        .map(CanonicalType::getValue)
        .toList();
  }

  /** A new referral's Task, as the ledger holds it. */
  static Task taskOfNewReferral() throws Exception {
    var created = post("/ServiceRequest", Fixtures.referral());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String srId = new IdType(created.headers().firstValue("Location").orElseThrow()).getIdPart();
    var found =
        send(
            HttpRequest.newBuilder(
                    URI.create(adapter.fhirBase() + "/Task?focus=ServiceRequest/" + srId))
                .GET());
    var bundle = FHIR.newJsonParser().parseResource(Bundle.class, found.body());
    return (Task) bundle.getEntryFirstRep().getResource();
  }

  static void assertRefused(HttpResponse<String> res, String element, String messagePart) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
    var oo = FHIR.newJsonParser().parseResource(OperationOutcome.class, res.body());
    assertThat(oo.getIssue())
        .as(res.body())
        .anySatisfy(
            i -> {
              assertThat(i.getExpression().stream().map(e -> e.getValue()).toList())
                  .contains(element);
              assertThat(i.getDiagnostics()).contains(messagePart);
            });
  }

  static HttpResponse<String> post(String path, Resource body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(adapter.fhirBase() + path))
            .header("Content-Type", "application/fhir+json")
            .header("X-Request-ID", UUID.randomUUID().toString())
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    FHIR.newJsonParser().encodeResourceToString(body))));
  }

  static HttpResponse<String> put(Task task) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/Task/" + task.getIdPart()))
            .header("Content-Type", "application/fhir+json")
            // Updates name the version they replace (else 428 before any profile check).
            .header("If-Match", "W/\"" + task.getMeta().getVersionId() + "\"")
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    FHIR.newJsonParser().encodeResourceToString(task))));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    request.header("Authorization", adapter.bearer("practice-a81001"));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
