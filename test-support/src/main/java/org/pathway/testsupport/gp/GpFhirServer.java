package org.pathway.testsupport.gp;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The GP system Pathway talks back to, for tests, benchmarks and dev mode alike: HAPI's {@link
 * RestfulServer} in an embedded Jetty holding in memory what the back-channel sends (Task updates,
 * Communications, outcome Observations). Every accepted write is kept with the correlation id its
 * request carried. A fault switch in front makes it answer 503 or hang.
 */
public final class GpFhirServer implements AutoCloseable {

  /** How the endpoint behaves. */
  public enum Mode {
    UP,
    UNAVAILABLE,
    HANGING
  }

  private static final List<Class<? extends DomainResource>> TYPES =
      List.of(
          Task.class,
          Communication.class,
          Observation.class,
          QuestionnaireResponse.class,
          ServiceRequest.class,
          Patient.class);

  private final Server jetty;
  private final RestfulServer server;
  private final Map<Class<?>, ResourceStore<?>> stores = new LinkedHashMap<>();
  private final List<Write> writes = new ArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger hung = new AtomicInteger();
  private volatile Mode mode = Mode.UP;

  private GpFhirServer(FhirContext fhir, int port) throws Exception {
    AtomicInteger ids = new AtomicInteger();
    for (Class<? extends DomainResource> type : TYPES) {
      stores.put(type, store(fhir, type, ids));
    }
    server = new RestfulServer(fhir);
    server.setResourceProviders(List.copyOf(stores.values()));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(server), "/fhir/*");
    context.addFilter(new FilterHolder(faults()), "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setHandler(context);
    jetty.start();
  }

  /** Serves {@code http://127.0.0.1:<free port>/fhir}. */
  public static GpFhirServer start() throws Exception {
    return start(FhirContext.forR4Cached(), 0);
  }

  /** Serves {@code http://127.0.0.1:<port>/fhir}; port 0 picks a free one. */
  public static GpFhirServer start(FhirContext fhir, int port) throws Exception {
    return new GpFhirServer(fhir, port);
  }

  private <T extends DomainResource> ResourceStore<T> store(
      FhirContext fhir, Class<T> type, AtomicInteger ids) {
    return new ResourceStore<>(fhir, type, ids, this::written);
  }

  private Filter faults() {
    return (request, response, chain) -> {
      if (mode == Mode.UNAVAILABLE) {
        refused.incrementAndGet();
        ((HttpServletResponse) response).sendError(503, "GP system down for maintenance");
        return;
      }
      if (mode == Mode.HANGING) {
        hung.incrementAndGet();
        // Never answers while hanging; the request is dropped, as by a stuck gateway.
        while (mode == Mode.HANGING) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        ((HttpServletResponse) response).sendError(504, "gateway gave up");
        return;
      }
      chain.doFilter(request, response);
    };
  }

  /** The FHIR base URL. */
  public String baseUrl() {
    return "http://127.0.0.1:"
        + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort()
        + "/fhir";
  }

  /**
   * Adds a HAPI interceptor to the GP system's server, e.g. one that times each arrival for a
   * benchmark.
   */
  public void registerInterceptor(Object interceptor) {
    server.registerInterceptor(interceptor);
  }

  /** Switches the fault mode; {@link Mode#UP} serves normally. */
  public void mode(Mode m) {
    mode = m;
  }

  /** Requests answered 503 while {@link Mode#UNAVAILABLE}. */
  public int refusedCount() {
    return refused.get();
  }

  /** Requests held while {@link Mode#HANGING}. */
  public int hungCount() {
    return hung.get();
  }

  /** A Task the GP system already holds (version 1, requested), as if it had sent it. */
  public void seedTask(String id) {
    Task t = new Task();
    t.setStatus(Task.TaskStatus.REQUESTED);
    t.setIntent(Task.TaskIntent.ORDER);
    typed(Task.class).seed(id, t);
  }

  /** The latest version of Task {@code id}, or null if the GP system holds none. */
  public Task task(String id) {
    Task t = typed(Task.class).get(id);
    return t == null ? null : t.copy();
  }

  /** Everything of {@code type} this GP system holds, latest version of each. */
  public <T extends DomainResource> List<T> received(Class<T> type) {
    ResourceStore<T> store = typed(type);
    return store == null ? List.of() : List.copyOf(store.stored());
  }

  public List<Communication> communications() {
    return received(Communication.class);
  }

  public List<Observation> observations() {
    return received(Observation.class);
  }

  /** Every write accepted so far, in arrival order, with the correlation id each carried. */
  public List<Write> writes() {
    synchronized (writes) {
      return List.copyOf(writes);
    }
  }

  /** How many resources of the back-channel's kinds it holds, for a one-line status. */
  public String summary() {
    return Stream.of(Task.class, Communication.class, Observation.class)
        .map(t -> t.getSimpleName() + "=" + received(t).size())
        .collect(Collectors.joining(", "));
  }

  private void written(Write write) {
    synchronized (writes) {
      writes.add(write);
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends DomainResource> ResourceStore<T> typed(Class<T> type) {
    return (ResourceStore<T>) stores.get(type);
  }

  @Override
  public void close() {
    mode = Mode.UP;
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the GP FHIR server", e);
    }
  }
}
