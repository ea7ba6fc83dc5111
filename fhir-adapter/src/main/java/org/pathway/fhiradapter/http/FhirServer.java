package org.pathway.fhiradapter.http;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.pathway.access.endpoint.JwksServlet;
import org.pathway.access.endpoint.SmartConfigurationServlet;
import org.pathway.access.endpoint.TokenRequestListener;
import org.pathway.access.endpoint.TokenServlet;
import org.pathway.fhiradapter.access.AccessEndpoints;
import org.pathway.fhiradapter.config.AccessConfig;
import org.pathway.fhiradapter.config.BenchConfig;
import org.pathway.fhiradapter.config.FhirLimitsConfig;
import org.pathway.fhiradapter.fhir.FreeText;
import org.pathway.fhiradapter.fhir.InputLimits;
import org.pathway.fhiradapter.ledger.InteractionLog;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAPI's RestfulServer in an embedded Jetty, on its own port beside Micronaut's Netty. HAPI brings
 * FHIR REST semantics (content negotiation, ETag, {@code _history}, CapabilityStatement); this bean
 * owns Jetty's lifecycle, started with the application context and stopped with it.
 *
 * <p>Built first after the settings check: the FHIR port is what a caller waits for, and the Kafka
 * clients, the relay, the applier and the SLA watch that would otherwise be built before it are on
 * no referral's path (a referral only writes the ledger and its outbox). Readiness still waits for
 * all of them.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class FhirServer {

  private static final Logger LOG = LoggerFactory.getLogger(FhirServer.class);

  private final Server jetty;
  private final FhirListener listener;

  public FhirServer(
      // First, because Micronaut builds the arguments in order: the audit log needs the ledger's
      // DataSource, whose creation runs Flyway, and that then overlaps the FHIR context's warm-up
      // (on its own thread) instead of starting only once the next argument has waited for it.
      InteractionLog audit,
      FhirContext fhir,
      ServiceRequestProvider serviceRequests,
      TaskProvider tasks,
      ObservationProvider observations,
      HealthcareServiceProvider healthcareServices,
      IntakeOperations intake,
      ParseOnlyServlet parseOnly,
      FhirListener listener,
      FhirLimitsConfig limitsConfig,
      BenchConfig bench,
      AccessConfig access,
      AuditEventProvider auditEvents,
      ValueSetProvider valueSets,
      CommunicationProvider communications,
      ProvenanceProvider provenance,
      LedgerReads ledgerReads,
      BeanProvider<AccessEndpoints> accessEndpoints,
      SubscriptionProvider subscriptions,
      SearchParameterProvider searchParameters,
      ConsentProvider consents,
      PatientProvider patients,
      PersonRecordProvider personRecord)
      throws Exception {
    access.requireEnabledUnless(bench.enabled());
    var restful =
        new RestfulServer(fhir, new UncontendedInterceptors("RestfulServer")) {
          @Override
          public void addHeadersToResponse(HttpServletResponse response) {
            // HAPI would announce itself and its version (X-Powered-By); no banner is sent.
          }

          @Override
          protected String newRequestId(int length) {
            // HAPI's id for a request that sent no X-Request-ID names it in logs and its answer;
            // it guards nothing, so it need not come from the secure generator HAPI would use.
            return RandomIds.alphanumeric(length);
          }

          @Override
          public BaseMethodBinding determineResourceMethod(
              RequestDetails request, String requestPath) {
            BaseMethodBinding found;
            try {
              found = super.determineResourceMethod(request, requestPath);
            } catch (InvalidRequestException e) {
              if (LenientSearch.dropUnknown(getResourceBindings(), request)) {
                // The caller asked to have unknown parameters ignored, and some were: try again.
                return determineResourceMethod(request, requestPath);
              }
              // Nothing bound answers it: 405 when the type takes no request of its method at all.
              OfferedMethods.check(
                  getResourceBindings(),
                  request.getResourceName(),
                  request.getOperation(),
                  request.getRequestType());
              throw e;
            }
            UnansweredSort.check(found, request);
            return found;
          }

          @Override
          protected void service(HttpServletRequest request, HttpServletResponse response)
              throws ServletException, IOException {
            super.service(request, new WholeAnswers(response));
          }
        };
    restful.setResourceProviders(
        List.of(
            serviceRequests,
            tasks,
            observations,
            auditEvents,
            valueSets,
            healthcareServices,
            communications,
            provenance,
            subscriptions,
            searchParameters,
            consents,
            patients));
    restful.registerProvider(intake);
    restful.registerProvider(personRecord);
    restful.registerInterceptor(
        new CapabilityStatementEdits(
            access.enabled() ? accessEndpoints.get().smart().tokenEndpoint() : null));
    restful.registerInterceptor(new ParameterText());
    restful.registerInterceptor(new InteractionCheck());
    restful.registerInterceptor(new SubmittedContent(new FreeText(fhir)));
    restful.registerInterceptor(new InternalErrors());
    restful.registerInterceptor(new AskedOutcome());
    // The limit filter hands HAPI the decoded body; HAPI must not inflate it a second time.
    restful.setUncompressIncomingContents(false);
    restful.setDefaultResponseEncoding(EncodingEnum.JSON);
    restful.setServerName("Pathway fhir-adapter");
    restful.setServerVersion("0.1.0");
    restful.setImplementationDescription(
        "Pathway fhir-adapter: social-prescribing referral intake");

    this.listener = listener;
    jetty = listener.jetty();
    var context = new ServletContextHandler();
    context.setContextPath("/");
    var fhirServlet = new ServletHolder("fhir", restful);
    // HAPI binds its providers in init(); at start-up rather than in the first caller's request.
    fhirServlet.setInitOrder(1);
    context.addServlet(fhirServlet, "/fhir/*");
    var inputLimits =
        new InputLimits(
            limitsConfig.maxBytes(),
            limitsConfig.maxDepth(),
            limitsConfig.maxEntries(),
            limitsConfig.maxStringLength());
    // Filters run in the order added: the correlation id first, so every refusal carries it; the
    // audit next, so it sees every answer (401 and 429 included); then who is calling (and for
    // the portal, on whose behalf); then limits.
    var requests = EnumSet.of(DispatcherType.REQUEST);
    for (String path : List.of("/fhir/*", "/oauth/*")) {
      context.addFilter(new FilterHolder(new CorrelationFilter()), path, requests);
      context.addFilter(new FilterHolder(new AuditFilter(audit)), path, requests);
    }
    if (access.enabled()) {
      AccessEndpoints endpoints = accessEndpoints.get();
      context.addFilter(
          new FilterHolder(new AccessFilter(endpoints.verifier(), endpoints.rateLimits(), fhir)),
          "/fhir/*",
          requests);
      // After the bearer check: the portal's calls become the signed link's recipient's.
      context.addFilter(
          new FilterHolder(new LinkFilter(endpoints.links(), ledgerReads, fhir)),
          "/fhir/*",
          requests);
      // The token servlet reads its own body, so it tells the audit who asked.
      TokenRequestListener audited =
          (req, outcome) -> req.setAttribute(AuditFilter.TOKEN_CLIENT, outcome.clientId());
      context.addServlet(
          new ServletHolder("token", new TokenServlet(endpoints.exchange(), audited)),
          "/oauth/token");
      context.addServlet(
          new ServletHolder("jwks", new JwksServlet(endpoints.publicKeys())), "/oauth/jwks");
      // An exact path wins over HAPI's /fhir/* mapping.
      context.addServlet(
          new ServletHolder("smart", new SmartConfigurationServlet(endpoints.smart())),
          "/fhir/.well-known/smart-configuration");
    } else {
      LOG.warn("Access control is OFF (benchmark B11's reference): every caller is anonymous");
    }
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
    context.setErrorHandler(new PlainErrorPages());
    jetty.setErrorHandler(new PlainErrorPages());
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
