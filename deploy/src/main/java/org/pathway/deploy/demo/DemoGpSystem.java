package org.pathway.deploy.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * A GP system's FHIR R4 endpoint for dev mode and the demo: a real HAPI FHIR server holding what
 * Pathway's back-channel sends (Task updates, Communications, outcome Observations) in memory.
 */
public final class DemoGpSystem implements AutoCloseable {

  private static final List<Class<? extends IBaseResource>> TYPES =
      List.of(
          Task.class,
          Communication.class,
          Observation.class,
          QuestionnaireResponse.class,
          ServiceRequest.class,
          Patient.class);

  private final Server jetty;
  private final RestfulServer server;
  private final Map<Class<?>, HashMapResourceProvider<?>> stores;

  private DemoGpSystem(
      Server jetty, RestfulServer server, Map<Class<?>, HashMapResourceProvider<?>> stores) {
    this.jetty = jetty;
    this.server = server;
    this.stores = stores;
  }

  /** Serves {@code http://127.0.0.1:<port>/fhir}; port 0 picks a free one. */
  public static DemoGpSystem start(FhirContext fhir, int port) throws Exception {
    Map<Class<?>, HashMapResourceProvider<?>> stores =
        TYPES.stream().collect(Collectors.toMap(Function.identity(), t -> store(fhir, t)));
    RestfulServer server = new RestfulServer(fhir);
    server.setResourceProviders(List.copyOf(stores.values()));

    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(server), "/fhir/*");
    jetty.setHandler(context);
    jetty.start();
    return new DemoGpSystem(jetty, server, stores);
  }

  private static <T extends IBaseResource> HashMapResourceProvider<T> store(
      FhirContext fhir, Class<T> type) {
    return new HashMapResourceProvider<>(fhir, type);
  }

  /**
   * Adds a HAPI interceptor to the GP system's server, e.g. one that times each arrival for a
   * benchmark.
   */
  public void registerInterceptor(Object interceptor) {
    server.registerInterceptor(interceptor);
  }

  /** The FHIR base URL. */
  public String baseUrl() {
    return "http://127.0.0.1:"
        + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort()
        + "/fhir";
  }

  /** Everything of {@code type} this GP system has received, latest version of each. */
  @SuppressWarnings("unchecked")
  public <T extends IBaseResource> List<T> received(Class<T> type) {
    HashMapResourceProvider<?> store = stores.get(type);
    return store == null ? List.of() : (List<T>) List.copyOf(store.getStoredResources());
  }

  /** How many resources of every kind it holds, for a one-line status. */
  public String summary() {
    return Stream.of(Task.class, Communication.class, Observation.class)
        .map(t -> t.getSimpleName() + "=" + received(t).size())
        .collect(Collectors.joining(", "));
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
