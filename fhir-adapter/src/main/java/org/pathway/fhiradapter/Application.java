package org.pathway.fhiradapter;

import io.micronaut.runtime.Micronaut;
import org.pathway.events.serde.ShippedSchemas;
import org.pathway.fhiradapter.fhir.FhirWarmUp;

/** Starts the fhir-adapter: the FHIR server, the ledger, the outbox relay and the applier. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    // The FHIR context warms on a thread of its own while the application context and Flyway start;
    // then the same thread reads the event schemas (and so initialises the Avro event classes),
    // which the applier would read on the main thread after the FHIR port opens,
    // beside the first referral, whose outbox event needs those classes too.
    FhirWarmUp fhir = FhirWarmUp.begin(ShippedSchemas::forCatalogue);
    Micronaut.build(args).mainClass(Application.class).singletons(fhir).start();
  }
}
