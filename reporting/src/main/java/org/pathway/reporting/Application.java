package org.pathway.reporting;

import io.micronaut.runtime.Micronaut;

/**
 * Starts reporting: the Kafka Streams topology, the figures API and FHIR face, health and metrics.
 */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
