package org.pathway.deploy.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.pathway.deploy.access.DevTokens;

/**
 * The demo's systems on the FHIR API: one client per demo client id, each calling with a token of
 * its own; a call whose refusal ends the demo as a failed hop; and a wait for a hop's evidence.
 */
public final class DemoClientsOnFhir {

  /** How long the demo waits for the evidence of one hop before it calls the hop failed. */
  static final Duration WAIT = Duration.ofSeconds(90);

  private final FhirContext fhir;
  private final String fhirBase;
  private final DevTokens tokens;
  private final Map<String, IGenericClient> clients = new ConcurrentHashMap<>();

  DemoClientsOnFhir(FhirContext fhir, String fhirBase, DevTokens tokens) {
    this.fhir = fhir;
    this.fhirBase = fhirBase;
    this.tokens = tokens;
  }

  /** The FHIR client that calls as the demo client {@code clientId}. */
  IGenericClient as(String clientId) {
    return clients.computeIfAbsent(
        clientId,
        id -> {
          IGenericClient client = fhir.newRestfulGenericClient(fhirBase);
          client.registerInterceptor(new BearerToken(tokens, id));
          return client;
        });
  }

  /** Runs {@code call}; a FHIR refusal becomes a {@link HopFailed} naming {@code what}. */
  static <T> T step(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (BaseServerResponseException e) {
      throw new HopFailed(what + ": " + e.getStatusCode() + " " + e.getMessage(), e);
    }
  }

  /**
   * Polls {@code probe} until it gives a value, or fails the hop {@code what} after {@link #WAIT}.
   */
  static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new HopFailed("no evidence of: " + what + " within " + WAIT.toSeconds() + " s", last);
  }
}
