package org.pathway.fhiradapter;

import io.micronaut.runtime.Micronaut;
import org.pathway.fhiradapter.fhir.FhirWarmUp;

/** Starts the fhir-adapter: the FHIR server, the ledger, the outbox relay and the applier. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    // The FHIR context warms on a thread of its own while the application context and Flyway start.
    FhirWarmUp fhir = FhirWarmUp.begin();
    Micronaut.build(args).mainClass(Application.class).singletons(fhir).start();
  }
}
