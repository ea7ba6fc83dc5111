package org.pathway.helloreference;

import io.micronaut.runtime.Micronaut;

/** Starts the hello world that benchmark B9 measures Pathway's services against. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
