package org.pathway.reporting.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pathway.access.tokens.Caller;
import org.pathway.reporting.figures.FigureSet;
import org.pathway.reporting.figures.Filter;
import org.pathway.reporting.peers.AllJourneys;
import org.pathway.reporting.streams.JourneyStreams;

/**
 * The figures as JSON for dashboards and exports: {@code GET /api/figures} (everything) or {@code
 * GET /api/figures/{funnel|step-times|outcomes|equity}}, filtered by {@code from}, {@code to},
 * {@code practice}, {@code pcn}, {@code pathway}. A null count is a suppressed one.
 */
@Controller("/api/figures")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class FiguresController {

  private final AllJourneys allJourneys;

  FiguresController(AllJourneys allJourneys) {
    this.allJourneys = allJourneys;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> all(HttpRequest<?> request) {
    return answer(request, null);
  }

  @Get(value = "/{part}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> part(HttpRequest<?> request, @PathVariable String part) {
    return answer(request, part);
  }

  private HttpResponse<String> answer(HttpRequest<?> request, String part) {
    Filter filter;
    try {
      filter =
          FilterParams.ofApi(
              request.getParameters().asMap(),
              request.getAttribute(Caller.REQUEST_ATTRIBUTE, Caller.class).orElse(null));
    } catch (FilterParams.InvalidParameterException e) {
      return HttpResponse.<String>status(HttpStatus.BAD_REQUEST)
          .body(Json.error("invalid_parameter", e.getMessage()));
    }
    FigureSet figures;
    try {
      figures = FigureSet.of(allJourneys.all(), filter);
    } catch (JourneyStreams.NotReadyException e) {
      return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
          .header("Retry-After", "5")
          .body(Json.error("not_ready", e.getMessage()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", filter.from() == null ? null : filter.from().toString());
    body.put("to", filter.to() == null ? null : filter.to().toString());
    body.put("journeys", figures.journeys());
    if (part == null) {
      body.put("funnel", figures.funnel());
      body.put("stepTimes", figures.stepTimes());
      body.put("outcomes", figures.outcomes());
      body.put("equity", figures.equity());
    } else {
      switch (part) {
        case "funnel" -> body.put("funnel", figures.funnel());
        case "step-times" -> body.put("stepTimes", figures.stepTimes());
        case "outcomes" -> body.put("outcomes", figures.outcomes());
        case "equity" -> body.put("equity", figures.equity());
        default -> {
          return HttpResponse.<String>status(HttpStatus.NOT_FOUND)
              .body(Json.error("not_found", "no figures called " + part));
        }
      }
    }
    return HttpResponse.ok(Json.write(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
