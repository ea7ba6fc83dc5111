package org.pathway.reporting.http;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.pathway.access.clients.Role;
import org.pathway.access.tokens.Caller;
import org.pathway.reporting.config.ExportConfig;
import org.pathway.reporting.export.ExportAudit;
import org.pathway.reporting.export.ExportFiles;
import org.pathway.reporting.export.ExportJob;
import org.pathway.reporting.export.ExportJobs;
import org.pathway.reporting.export.ExportManifest;
import org.pathway.reporting.export.KickOff;
import org.pathway.reporting.figures.Filter;
import org.pathway.reporting.peers.AllJourneys;
import org.pathway.servicesettings.Setting;

/**
 * The evaluation export, FHIR Bulk Data style, for evaluators only: {@code GET
 * /fhir/$export?_study=[&_type=]} with {@code Prefer: respond-async} → 202 and {@code
 * Content-Location}, or 429 while the evaluator's earlier export runs; {@code GET
 * /fhir/$export-status/{job}} → 202 with {@code X-Progress}, or 200 with the manifest and {@code
 * Expires}; {@code GET /fhir/$export-file/{job}/{file}} → the NDJSON or CSV; {@code DELETE
 * /fhir/$export-status/{job}} cancels. Every step audited; every refusal an OperationOutcome.
 */
// Bulk Data clients send Accept: application/fhir+json on every call, files included.
@Controller(
    value = "/fhir",
    produces = {
      "application/fhir+json",
      MediaType.APPLICATION_JSON,
      "application/fhir+ndjson",
      "text/csv"
    })
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ExportController {

  private static final Pattern STUDY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Set<String> PARAMETERS =
      Set.of("_study", "_outputFormat", "_format", "_type");

  /** HTTP's date (RFC 9110's IMF-fixdate, RFC 1123's form with a two-digit day), always GMT. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /**
   * When a refused kick-off may try again. A guess, not a promise: the running job's own status
   * (named in the refusal) is the better thing to poll; this only keeps a client from hammering.
   */
  private static final String RETRY_BUSY_SECONDS = "5";

  private final AllJourneys allJourneys;
  private final ExportJobs jobs;
  private final ExportConfig config;
  private final ExportAudit audit;
  private final RefusalAudit refusals;
  private final FhirContext fhir;
  private final HttpHostResolver host;

  ExportController(
      AllJourneys allJourneys,
      ExportJobs jobs,
      ExportConfig config,
      ExportAudit audit,
      RefusalAudit refusals,
      FhirContext fhir,
      HttpHostResolver host) {
    this.allJourneys = allJourneys;
    this.jobs = jobs;
    this.config = config;
    this.audit = audit;
    this.refusals = refusals;
    this.fhir = fhir;
    this.host = host;
  }

  @Get("/$export")
  HttpResponse<String> kickOff(HttpRequest<?> request) {
    Caller caller = caller(request);
    if (caller.role() != Role.EVALUATOR) {
      return refuse(request, caller);
    }
    if (!config.enabled()) {
      return outcome(
          HttpStatus.SERVICE_UNAVAILABLE,
          OperationOutcome.IssueType.NOTSUPPORTED,
          "the export is off here: pathway.export.secret (EXPORT_PSEUDONYM_SECRET) is not set");
    }
    String prefer = request.getHeaders().get("Prefer");
    if (prefer == null || !prefer.toLowerCase(Locale.ROOT).contains("respond-async")) {
      return invalid("Prefer", "a Bulk Data kick-off needs the header Prefer: respond-async");
    }
    Map<String, List<String>> query = request.getParameters().asMap();
    for (String name : query.keySet()) {
      if (!PARAMETERS.contains(name)) {
        return invalid(name, "is not a parameter of this export (" + PARAMETERS + ")");
      }
    }
    List<String> studies = query.getOrDefault("_study", List.of());
    if (studies.size() != 1 || !STUDY.matcher(studies.get(0)).matches()) {
      return invalid("_study", "give the study once: letters, digits, '.', '_' or '-', at most 64");
    }
    List<String> formats = query.getOrDefault("_outputFormat", List.of());
    ExportFiles.Format format = ExportFiles.Format.of(formats.isEmpty() ? null : formats.get(0));
    if (format == null || formats.size() > 1) {
      return invalid("_outputFormat", "must be application/fhir+ndjson (ndjson) or text/csv");
    }
    Set<String> types = ExportFiles.typesOf(query.getOrDefault("_type", List.of()));
    if (types == null) {
      return invalid("_type", "must name only types this export writes: " + ExportFiles.TYPES);
    }
    // The caller's registered area narrows the journeys, as it does every figure.
    Filter area = FilterParams.ofApi(Map.of(), caller);
    KickOff kickOff =
        jobs.start(
            caller.clientId(),
            studies.get(0),
            base(request) + request.getUri().toString(),
            format,
            types,
            () -> allJourneys.all().stream().filter(area::includes).toList());
    if (kickOff instanceof KickOff.Busy busy) {
      return throttled(request, caller, busy.running());
    }
    ExportJob job = ((KickOff.Started) kickOff).job();
    audit.record(
        "kicked-off",
        caller,
        job,
        "format=" + format.extension() + " types=" + String.join(",", types));
    return HttpResponse.<String>status(HttpStatus.ACCEPTED)
        .header(HttpHeaders.CONTENT_LOCATION, statusUrl(request, job));
  }

  @Get("/$export-status/{id}")
  HttpResponse<String> status(HttpRequest<?> request, @PathVariable String id) {
    Caller caller = caller(request);
    if (caller.role() != Role.EVALUATOR) {
      return refuse(request, caller);
    }
    Optional<ExportJob> found = jobs.find(id, caller.clientId());
    if (found.isEmpty()) {
      return notFound(id);
    }
    ExportJob job = found.get();
    if (!job.done()) {
      return HttpResponse.<String>status(HttpStatus.ACCEPTED)
          .header("X-Progress", "reading journeys")
          .header("Retry-After", "1");
    }
    if (job.error() != null) {
      return outcome(
          HttpStatus.INTERNAL_SERVER_ERROR,
          OperationOutcome.IssueType.EXCEPTION,
          "export " + id + " failed: " + job.error());
    }
    return HttpResponse.ok(
            Json.write(ExportManifest.of(job, base(request) + "/fhir/$export-file/" + job.id())))
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .header(HttpHeaders.EXPIRES, HTTP_DATE.format(job.expires()));
  }

  @Get("/$export-file/{id}/{file}")
  HttpResponse<String> file(
      HttpRequest<?> request, @PathVariable String id, @PathVariable String file) {
    Caller caller = caller(request);
    if (caller.role() != Role.EVALUATOR) {
      return refuse(request, caller);
    }
    Optional<ExportJob> job = jobs.find(id, caller.clientId()).filter(ExportJob::done);
    if (job.isEmpty() || job.get().files() == null) {
      return notFound(id);
    }
    for (Map.Entry<String, String> f : job.get().files().entrySet()) {
      if (ExportManifest.fileName(f.getKey(), job.get().format()).equals(file)) {
        audit.record("downloaded", caller, job.get(), "file=" + file);
        return HttpResponse.ok(f.getValue())
            .contentType(job.get().format().mediaType() + ";charset=utf-8");
      }
    }
    return notFound(id + "/" + file);
  }

  @Delete("/$export-status/{id}")
  HttpResponse<String> cancel(HttpRequest<?> request, @PathVariable String id) {
    Caller caller = caller(request);
    if (caller.role() != Role.EVALUATOR) {
      return refuse(request, caller);
    }
    Optional<ExportJob> job = jobs.find(id, caller.clientId());
    if (job.isEmpty() || !jobs.cancel(id, caller.clientId())) {
      return notFound(id);
    }
    audit.record("cancelled", caller, job.get(), null);
    return HttpResponse.status(HttpStatus.ACCEPTED);
  }

  private static Caller caller(HttpRequest<?> request) {
    // AccessFilter has let the request in only with a verified caller.
    return request.getAttribute(Caller.REQUEST_ATTRIBUTE, Caller.class).orElseThrow();
  }

  private String base(HttpRequest<?> request) {
    return host.resolve(request);
  }

  private String statusUrl(HttpRequest<?> request, ExportJob job) {
    return base(request) + "/fhir/$export-status/" + job.id();
  }

  private HttpResponse<String> throttled(HttpRequest<?> request, Caller caller, ExportJob running) {
    String reason =
        "your export "
            + statusUrl(request, running)
            + " is still running: one export at a time per evaluator; poll it (or cancel it)"
            + " before kicking off another";
    refusals.refused(request.getMethodName(), request.getPath(), 429, reason, caller);
    return outcome(HttpStatus.TOO_MANY_REQUESTS, OperationOutcome.IssueType.THROTTLED, reason)
        .header(HttpHeaders.RETRY_AFTER, RETRY_BUSY_SECONDS);
  }

  private HttpResponse<String> refuse(HttpRequest<?> request, Caller caller) {
    String reason = "client " + caller.clientId() + " is not an evaluator: the export is theirs";
    refusals.refused(request.getMethodName(), request.getPath(), 403, reason, caller);
    return outcome(HttpStatus.FORBIDDEN, OperationOutcome.IssueType.FORBIDDEN, reason);
  }

  private HttpResponse<String> notFound(String what) {
    return outcome(
        HttpStatus.NOT_FOUND,
        OperationOutcome.IssueType.NOTFOUND,
        "no export "
            + what
            + " of yours: it is not known, was cancelled, or expired (a finished export is kept "
            + Setting.show(jobs.keep())
            + " after it finished, then forgotten)");
  }

  private HttpResponse<String> invalid(String parameter, String problem) {
    OperationOutcome o = new OperationOutcome();
    o.addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.INVALID)
        .setDiagnostics(parameter + ": " + problem)
        .addExpression(parameter);
    return HttpResponse.<String>status(HttpStatus.BAD_REQUEST)
        .contentType(FhirMedia.FHIR_JSON)
        .body(fhir.newJsonParser().encodeResourceToString(o));
  }

  private MutableHttpResponse<String> outcome(
      HttpStatus status, OperationOutcome.IssueType type, String diagnostics) {
    OperationOutcome o = new OperationOutcome();
    o.addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(type)
        .setDiagnostics(diagnostics);
    return HttpResponse.<String>status(status)
        .contentType(FhirMedia.FHIR_JSON)
        .body(fhir.newJsonParser().encodeResourceToString(o));
  }
}
