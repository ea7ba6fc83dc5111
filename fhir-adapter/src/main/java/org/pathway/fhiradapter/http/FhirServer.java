package org.pathway.fhiradapter.http;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.pathway.fhiradapter.config.BenchConfig;
import org.pathway.fhiradapter.config.FhirLimitsConfig;
import org.pathway.fhiradapter.fhir.InputLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAPI's RestfulServer in an embedded Jetty, on its own port beside Micronaut's Netty. HAPI brings
 * FHIR REST semantics (content negotiation, ETag, {@code _history}, CapabilityStatement); this bean
 * owns Jetty's lifecycle, started with the application context and stopped with it.
 */
@Context
public class FhirServer {

  private static final Logger LOG = LoggerFactory.getLogger(FhirServer.class);

  private final Server jetty;
  private final FhirListener listener;

  public FhirServer(
      FhirContext fhir,
      ServiceRequestProvider serviceRequests,
      TaskProvider tasks,
      ObservationProvider observations,
      IntakeOperations intake,
      ParseOnlyServlet parseOnly,
      FhirListener listener,
      FhirLimitsConfig limitsConfig,
      BenchConfig bench)
      throws Exception {
    var restful = new RestfulServer(fhir);
    restful.setResourceProviders(List.of(serviceRequests, tasks, observations));
    restful.registerProvider(intake);
    restful.registerInterceptor(new CapabilityProfiles());
    restful.registerInterceptor(new InteractionCheck());
    restful.setDefaultResponseEncoding(EncodingEnum.JSON);
    restful.setServerName("Pathway fhir-adapter");
    restful.setServerVersion("0.1.0");
    restful.setImplementationDescription(
        "Pathway fhir-adapter: social-prescribing referral intake");

    this.listener = listener;
    jetty = listener.jetty();
    var context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("fhir", restful), "/fhir/*");
    var inputLimits =
        new InputLimits(
            limitsConfig.maxBytes(), limitsConfig.maxDepth(), limitsConfig.maxEntries());
    // Filters run in the order added: the correlation id first, so every refusal carries it.
    context.addFilter(
        new FilterHolder(new CorrelationFilter()), "/fhir/*", EnumSet.of(DispatcherType.REQUEST));
    var limits = new FilterHolder(new RequestLimitFilter(inputLimits, fhir));
    context.addFilter(limits, "/fhir/*", EnumSet.of(DispatcherType.REQUEST));
    if (bench.enabled()) {
      // Reference endpoint for benchmark B1: same Jetty, same limits, HAPI parse and nothing else.
      context.addServlet(new ServletHolder("parse-only", parseOnly), "/bench/parse");
      context.addFilter(
          new FilterHolder(new CorrelationFilter()),
          "/bench/*",
          EnumSet.of(DispatcherType.REQUEST));
      context.addFilter(
          new FilterHolder(new RequestLimitFilter(inputLimits, fhir)),
          "/bench/*",
          EnumSet.of(DispatcherType.REQUEST));
    }
    jetty.setHandler(context);
    jetty.start();
    LOG.info("FHIR R4 server listening on http://{}:{}/fhir", listener.host(), port());
  }

  /** The port Jetty bound (useful when configured as 0). */
  public int port() {
    return listener.port();
  }

  @PreDestroy
  void stop() throws Exception {
    jetty.stop();
  }
}
