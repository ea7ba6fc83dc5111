package org.pathway.portal;

import io.micronaut.runtime.Micronaut;

/** Starts the portal: people's pages on Micronaut's port, health and metrics on their own. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
