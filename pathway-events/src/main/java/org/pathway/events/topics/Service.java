package org.pathway.events.topics;

/** The Pathway services that write topics; each topic has exactly one. */
public enum Service {
  FHIR_ADAPTER("fhir-adapter"),
  ROUTER("router"),
  NOTIFIER("notifier");

  private final String id;

  Service(String id) {
    this.id = id;
  }

  /** The service's name as it appears in {@code EventEnvelope.producer} and in logs. */
  public String id() {
    return id;
  }
}
