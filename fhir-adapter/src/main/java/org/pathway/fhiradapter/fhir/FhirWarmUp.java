package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's one FhirContext, built and warmed on a thread of its own from the first line of {@code
 * main}, so that it overlaps the application context's start and Flyway's migrations instead of
 * following them.
 *
 * <p>HAPI scans a resource type's model (the class, every element, every datatype) the first time
 * that type is used, and the JSON parser loads its own classes on its first parse: left alone, both
 * are paid by the first referral after the FHIR port opens. Here they are paid before the context
 * is handed out, and the FHIR server (and so readiness) waits for it.
 */
public final class FhirWarmUp {

  private static final Logger LOG = LoggerFactory.getLogger(FhirWarmUp.class);

  /** What the API takes and answers with: scanned up front rather than on a caller's request. */
  static final List<String> SERVED_TYPES =
      List.of(
          "ServiceRequest",
          "Task",
          "Patient",
          "Bundle",
          "OperationOutcome",
          "Provenance",
          "Consent",
          "QuestionnaireResponse",
          "Observation",
          "Communication",
          "AuditEvent",
          "Organization",
          "PractitionerRole",
          "HealthcareService",
          "Location",
          "Subscription",
          "SearchParameter",
          "ValueSet",
          "MessageHeader",
          "CapabilityStatement");

  private final CompletableFuture<FhirContext> context;

  FhirWarmUp(CompletableFuture<FhirContext> context) {
    this.context = context;
  }

  /** Starts building and warming the context on a daemon thread and returns at once. */
  public static FhirWarmUp begin() {
    return begin(() -> {});
  }

  /**
   * As {@link #begin()}, then runs {@code then} on the same thread once the context is handed out:
   * other start-up work that would otherwise fall on the main thread, or on the first caller.
   */
  public static FhirWarmUp begin(Runnable then) {
    var future = new CompletableFuture<FhirContext>();
    Thread thread =
        new Thread(
            () -> {
              try {
                future.complete(warm(build()));
              } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
                return;
              }
              try {
                then.run();
              } catch (RuntimeException e) {
                // Only an early start of work the service does anyway, where a failure stops it.
                LOG.warn("start-up warm-up after the FHIR context failed: {}", e.toString());
              }
            },
            "fhir-warm-up");
    thread.setDaemon(true);
    thread.start();
    return new FhirWarmUp(future);
  }

  /** Builds and warms the context on the calling thread (a context that was not begun early). */
  public static FhirWarmUp now() {
    return new FhirWarmUp(CompletableFuture.completedFuture(warm(build())));
  }

  /** The warmed context, waiting for the warm-up if it is still running. */
  public FhirContext context() {
    try {
      return context.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the FHIR context could not be built", e.getCause());
    }
  }

  /**
   * An R4 context whose parsers refuse unknown elements and invalid values (strict parse), keep the
   * version of the references that must carry one and contain nothing by themselves.
   */
  static FhirContext build() {
    FhirContext ctx = FhirContext.forR4();
    ctx.setParserErrorHandler(new StrictErrorHandler());
    // A Provenance names the Task version its change produced; HAPI would strip the version.
    ctx.getParserOptions().setDontStripVersionsFromReferencesAtPaths("Provenance.target");
    // The ledger keeps and answers resources as they were sent: a reference stays a reference, so
    // the encoder need not walk every resource it writes for reference targets to contain.
    ctx.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    return ctx;
  }

  private static FhirContext warm(FhirContext ctx) {
    long t0 = System.nanoTime();
    SERVED_TYPES.forEach(ctx::getResourceDefinition);
    // A round trip of a small referral loads the JSON parser's and encoder's classes.
    IParser parser = ctx.newJsonParser();
    parser.parseResource(ServiceRequest.class, parser.encodeResourceToString(referral()));
    LOG.info(
        "FHIR context ready: {} resource types scanned in {} ms",
        SERVED_TYPES.size(),
        (System.nanoTime() - t0) / 1_000_000);
    return ctx;
  }

  private static ServiceRequest referral() {
    var patient = new Patient();
    patient.setId("p");
    patient.addIdentifier(
        new Identifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue("9000000009"));
    var request = new ServiceRequest();
    request.addContained(patient);
    request.addIdentifier(new Identifier().setSystem("urn:warm-up").setValue("1"));
    request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    request.setCode(new CodeableConcept().setText("warm-up"));
    request.setSubject(new Reference("#p"));
    return request;
  }
}
