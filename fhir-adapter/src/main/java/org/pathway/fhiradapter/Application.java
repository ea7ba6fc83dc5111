package org.pathway.fhiradapter;

import io.micronaut.runtime.Micronaut;

/** Starts the fhir-adapter: the FHIR server, the ledger, the outbox relay and the applier. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
