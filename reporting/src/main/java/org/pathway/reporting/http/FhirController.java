package org.pathway.reporting.http;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.pathway.access.tokens.Caller;
import org.pathway.reporting.fhir.Capability;
import org.pathway.reporting.fhir.MeasureReports;
import org.pathway.reporting.fhir.Measures;
import org.pathway.reporting.figures.FigureSet;
import org.pathway.reporting.figures.Filter;
import org.pathway.reporting.peers.AllJourneys;
import org.pathway.reporting.streams.JourneyStreams;

/**
 * Reporting's FHIR face: {@code GET /fhir/MeasureReport?measure=&period=} answers a searchset
 * Bundle of summary MeasureReports; {@code GET /fhir/metadata} the CapabilityStatement.
 */
@Controller("/fhir")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class FhirController {

  private final AllJourneys allJourneys;
  private final FhirContext fhir;
  private final Clock clock;

  FhirController(AllJourneys allJourneys, FhirContext fhir, Clock clock) {
    this.allJourneys = allJourneys;
    this.fhir = fhir;
    this.clock = clock;
  }

  @Get("/metadata")
  HttpResponse<String> metadata() {
    return fhir(HttpStatus.OK, Capability.statement(Date.from(clock.instant())));
  }

  @Get("/MeasureReport")
  HttpResponse<String> search(HttpRequest<?> request) {
    Map<String, List<String>> query = request.getParameters().asMap();
    List<String> measures = query.getOrDefault("measure", List.of());
    for (String m : measures) {
      if (!Measures.all().contains(m)) {
        return invalid("measure", "'" + m + "' is not one of " + Measures.all());
      }
    }
    Filter filter;
    try {
      filter =
          FilterParams.ofFhir(
              query, request.getAttribute(Caller.REQUEST_ATTRIBUTE, Caller.class).orElse(null));
    } catch (FilterParams.InvalidParameterException e) {
      return invalid(e.parameter(), e.getMessage());
    }
    FigureSet figures;
    try {
      figures = FigureSet.of(allJourneys.all(), filter);
    } catch (JourneyStreams.NotReadyException e) {
      OperationOutcome outcome = new OperationOutcome();
      outcome
          .addIssue()
          .setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(OperationOutcome.IssueType.TRANSIENT)
          .setDiagnostics(e.getMessage());
      return fhir(HttpStatus.SERVICE_UNAVAILABLE, outcome);
    }
    List<MeasureReport> reports =
        MeasureReports.of(
            figures,
            measures.isEmpty() ? Measures.all() : measures,
            filter.from(),
            filter.to(),
            clock.instant());
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    bundle.setTotal(reports.size());
    for (MeasureReport r : reports) {
      bundle
          .addEntry()
          .setFullUrl("MeasureReport/" + r.getIdElement().getIdPart())
          .setResource(r)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    return fhir(HttpStatus.OK, bundle);
  }

  private HttpResponse<String> invalid(String parameter, String message) {
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.INVALID)
        .setDiagnostics(message)
        .addExpression(parameter);
    return fhir(HttpStatus.BAD_REQUEST, outcome);
  }

  private HttpResponse<String> fhir(HttpStatus status, IBaseResource resource) {
    return HttpResponse.<String>status(status)
        .contentType(FhirMedia.FHIR_JSON)
        .body(fhir.newJsonParser().encodeResourceToString(resource));
  }
}
