package org.pathway.fhiradapter.support;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.util.function.Supplier;

/**
 * HAPI generic clients that call as one registered test client, with a token fresh for every
 * request (tests outlive a five-minute token, and an adapter restarted with a new signing key
 * refuses the old ones).
 */
public final class Clients {

  private Clients() {}

  /** A generic client on {@code adapter.get()}'s FHIR base calling as {@code clientId}. */
  public static IGenericClient as(Supplier<Adapter> adapter, String clientId) {
    IGenericClient client = Fixtures.FHIR.newRestfulGenericClient(adapter.get().fhirBase());
    client.registerInterceptor(
        new IClientInterceptor() {
          @Override
          public void interceptRequest(IHttpRequest request) {
            request.addHeader("Authorization", adapter.get().bearer(clientId));
          }

          @Override
          public void interceptResponse(IHttpResponse response) {}
        });
    return client;
  }
}
