package org.pathway.router;

import io.micronaut.runtime.Micronaut;

/** Starts the router: Micronaut (health, metrics) owning one CamelContext. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
