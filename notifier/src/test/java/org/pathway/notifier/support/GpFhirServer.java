package org.pathway.notifier.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task;

/**
 * A GP system for tests: HAPI's {@link RestfulServer} in an embedded Jetty 12 with in-memory Task,
 * Communication and Observation providers. Creates honour {@code If-None-Exist} on identifier, as a
 * FHIR server should. A fault switch in front makes it answer 503 or hang.
 */
public final class GpFhirServer implements AutoCloseable {

  /** How the endpoint behaves. */
  public enum Mode {
    UP,
    UNAVAILABLE,
    HANGING
  }

  private final Server jetty;
  private volatile Mode mode = Mode.UP;
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger hung = new AtomicInteger();
  public final Map<String, Task> tasks = new ConcurrentHashMap<>();
  public final List<Communication> communications = new ArrayList<>();
  public final List<Observation> observations = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  public GpFhirServer() throws Exception {
    RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
    fhir.setResourceProviders(
        new TaskProvider(), new CommunicationProvider(), new ObservationProvider());
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(fhir), "/fhir/*");
    Filter faults =
        (request, response, chain) -> {
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
    context.addFilter(new FilterHolder(faults), "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
    jetty.setHandler(context);
    jetty.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:"
        + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort()
        + "/fhir";
  }

  public void mode(Mode m) {
    mode = m;
  }

  public int refusedCount() {
    return refused.get();
  }

  public int hungCount() {
    return hung.get();
  }

  public void seedTask(String id) {
    Task t = new Task();
    t.setId(new IdType("Task", id, "1"));
    t.setStatus(Task.TaskStatus.REQUESTED);
    t.setIntent(Task.TaskIntent.ORDER);
    tasks.put(id, t);
  }

  public synchronized List<Communication> communications() {
    return List.copyOf(communications);
  }

  public synchronized List<Observation> observations() {
    return List.copyOf(observations);
  }

  private synchronized <T extends DomainResource> MethodOutcome createOnce(
      List<T> store, T resource, List<Identifier> identifiers, String conditionalUrl, String type) {
    if (conditionalUrl != null) {
      String wanted = conditionalUrl.substring(conditionalUrl.indexOf("identifier=") + 11);
      String value = wanted.substring(wanted.indexOf('|') + 1);
      for (T existing : store) {
        for (Identifier i : identifiersOf(existing)) {
          if (value.equals(i.getValue())) {
            return new MethodOutcome(existing.getIdElement()).setCreated(false);
          }
        }
      }
    }
    resource.setId(new IdType(type, Integer.toString(ids.incrementAndGet()), "1"));
    store.add(resource);
    return new MethodOutcome(resource.getIdElement()).setCreated(true);
  }

  private static List<Identifier> identifiersOf(DomainResource r) {
    if (r instanceof Communication c) {
      return c.getIdentifier();
    }
    return ((Observation) r).getIdentifier();
  }

  /** Task: read and update. */
  public final class TaskProvider implements IResourceProvider {
    @Override
    public Class<Task> getResourceType() {
      return Task.class;
    }

    @Read
    public Task read(@IdParam IdType id) {
      Task t = tasks.get(id.getIdPart());
      if (t == null) {
        throw new ResourceNotFoundException(id);
      }
      return t.copy();
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Task task) {
      Task old = tasks.get(id.getIdPart());
      if (old == null) {
        throw new ResourceNotFoundException(id);
      }
      int version = Integer.parseInt(old.getIdElement().getVersionIdPart()) + 1;
      task.setId(new IdType("Task", id.getIdPart(), Integer.toString(version)));
      tasks.put(id.getIdPart(), task);
      return new MethodOutcome(task.getIdElement());
    }
  }

  /** Communication: conditional create. */
  public final class CommunicationProvider implements IResourceProvider {
    @Override
    public Class<Communication> getResourceType() {
      return Communication.class;
    }

    @Create
    public MethodOutcome create(
        @ResourceParam Communication c, @ConditionalUrlParam String conditionalUrl) {
      return createOnce(communications, c, c.getIdentifier(), conditionalUrl, "Communication");
    }
  }

  /** Observation: conditional create. */
  public final class ObservationProvider implements IResourceProvider {
    @Override
    public Class<Observation> getResourceType() {
      return Observation.class;
    }

    @Create
    public MethodOutcome create(
        @ResourceParam Observation o, @ConditionalUrlParam String conditionalUrl) {
      return createOnce(observations, o, o.getIdentifier(), conditionalUrl, "Observation");
    }
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
