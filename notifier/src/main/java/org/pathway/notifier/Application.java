package org.pathway.notifier;

import io.micronaut.runtime.Micronaut;

/** Starts the notifier: intake from Kafka, the delivery worker, and HTTP for health and metrics. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
