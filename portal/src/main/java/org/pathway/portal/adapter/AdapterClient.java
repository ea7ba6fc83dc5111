package org.pathway.portal.adapter;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.access.links.LinkHeaders;
import org.pathway.access.links.LinkRefusal;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.portal.adapter.AdapterException.Kind;
import org.pathway.portal.config.PortalConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FHIR calls to the adapter on behalf of a link's recipient: the portal's bearer token and the link
 * on every call; {@code If-Match} and {@code X-Request-ID} on every write. Answers are parsed with
 * HAPI; refusals become an {@link AdapterException} of the kind the pages act on.
 */
public final class AdapterClient {

  private static final Logger LOG = LoggerFactory.getLogger(AdapterClient.class);
  private static final String FHIR_JSON = "application/fhir+json";

  private final PortalConfig config;
  private final HttpClient http;
  private final PortalToken token;
  private final FhirContext fhir;

  public AdapterClient(PortalConfig config, HttpClient http, PortalToken token, FhirContext fhir) {
    this.config = config;
    this.http = http;
    this.token = token;
    this.fhir = fhir;
  }

  /** {@code GET [base]/type/id}. */
  public <T extends Resource> T read(String link, Class<T> type, String id)
      throws AdapterException {
    return type.cast(parse(send(link, get(path(type, id)))));
  }

  /** {@code GET [base]/type/id/_history/version}. */
  public <T extends Resource> T readVersion(String link, Class<T> type, String id, int version)
      throws AdapterException {
    return type.cast(parse(send(link, get(path(type, id) + "/_history/" + version))));
  }

  /** {@code GET [base]/type/id/_history}: every version the caller may see. */
  public <T extends Resource> List<T> history(String link, Class<T> type, String id)
      throws AdapterException {
    Bundle bundle = (Bundle) parse(send(link, get(path(type, id) + "/_history")));
    List<T> found = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      if (type.isInstance(e.getResource())) {
        found.add(type.cast(e.getResource()));
      }
    }
    return found;
  }

  /** {@code GET [base]/type?query}: the matching resources of the searchset. */
  public <T extends Resource> List<T> search(String link, Class<T> type, String query)
      throws AdapterException {
    Bundle bundle =
        (Bundle)
            parse(send(link, get(type.getSimpleName() + (query.isEmpty() ? "" : "?" + query))));
    List<T> found = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      if (type.isInstance(e.getResource())) {
        found.add(type.cast(e.getResource()));
      }
    }
    return found;
  }

  /**
   * {@code GET [base]/type?query} as the portal itself, with no link: the searchset whole (total,
   * paging links), for what the adapter lets the portal read unbound (the public directory).
   */
  public Bundle searchset(Class<? extends Resource> type, String query) throws AdapterException {
    return (Bundle)
        parse(send(null, get(type.getSimpleName() + (query.isEmpty() ? "" : "?" + query))));
  }

  /**
   * {@code PUT [base]/type/id} with {@code If-Match: W/"version"}; the saved resource as the
   * adapter answers it.
   */
  public <T extends Resource> T update(String link, T resource, int version, String requestId)
      throws AdapterException {
    HttpRequest.Builder put =
        request(path(resource.getClass(), resource.getIdElement().getIdPart()))
            .header("Content-Type", FHIR_JSON)
            .header("If-Match", "W/\"" + version + "\"")
            .header("X-Request-ID", requestId)
            .PUT(HttpRequest.BodyPublishers.ofString(json(resource)));
    @SuppressWarnings("unchecked")
    T saved = (T) parseOr(send(link, put), resource);
    return saved;
  }

  /** {@code POST [base]/type}; the created resource (or what was sent, if the answer is empty). */
  public <T extends Resource> T create(String link, T resource, String requestId)
      throws AdapterException {
    HttpRequest.Builder post =
        request(resource.getClass().getSimpleName())
            .header("Content-Type", FHIR_JSON)
            .header("X-Request-ID", requestId)
            .POST(HttpRequest.BodyPublishers.ofString(json(resource)));
    @SuppressWarnings("unchecked")
    T created = (T) parseOr(send(link, post), resource);
    return created;
  }

  /**
   * {@code POST [base]/ServiceRequest} as the portal itself, with no link: a person's own referral
   * from the public form. The adapter records it as a self-referral and answers with a signed
   * status link for the person ({@link LinkHeaders#STATUS_LINK}).
   */
  public Forwarded forwardSelfReferral(ServiceRequest referral, String requestId)
      throws AdapterException {
    HttpRequest.Builder post =
        request("ServiceRequest")
            .header("Content-Type", FHIR_JSON)
            .header("X-Request-ID", requestId)
            .POST(HttpRequest.BodyPublishers.ofString(json(referral)));
    HttpResponse<String> answer = send(null, post);
    String link = answer.headers().firstValue(LinkHeaders.STATUS_LINK).orElse("");
    if (link.isBlank()) {
      throw new AdapterException(Kind.UNAVAILABLE, null, answer.statusCode(), "no status link");
    }
    return new Forwarded((ServiceRequest) parseOr(answer, referral), link);
  }

  /** A person's referral as the adapter recorded it, and the status link they keep. */
  public record Forwarded(ServiceRequest serviceRequest, String statusLink) {}

  private String json(Resource resource) {
    return fhir.newJsonParser().encodeResourceToString(resource);
  }

  private static String path(Class<?> type, String id) {
    return type.getSimpleName() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(config.fhirBase() + "/" + path))
        .timeout(config.timeout())
        .header("Accept", FHIR_JSON);
  }

  private HttpResponse<String> send(String link, HttpRequest.Builder builder)
      throws AdapterException {
    HttpResponse<String> answer = exchange(link, builder);
    if (answer.statusCode() == 401) {
      // The kept token may have been revoked or the adapter restarted with new keys: one retry.
      token.forget();
      answer = exchange(link, builder);
    }
    int status = answer.statusCode();
    if (status >= 200 && status < 300) {
      return answer;
    }
    OperationOutcome outcome = outcomeOf(answer.body());
    throw refusal(status, outcome);
  }

  private HttpResponse<String> exchange(String link, HttpRequest.Builder builder)
      throws AdapterException {
    HttpRequest request =
        builder
            .copy()
            .setHeader("Authorization", "Bearer " + token.bearer())
            .setHeader(LinkHeaders.LINK, link == null ? "" : headerSafe(link))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.warn(
          "adapter call {} {} failed: {}", request.method(), request.uri().getPath(), e.toString());
      throw new AdapterException(Kind.UNAVAILABLE, null, 0, "adapter unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdapterException(Kind.UNAVAILABLE, null, 0, "interrupted");
    }
  }

  /** The kind of refusal an answer is, from its status and OperationOutcome. */
  /**
   * The link as a header can carry it. A signed link is URL-safe text; anything else in the address
   * (a NUL, a byte that is not UTF-8) is percent-encoded, so the adapter still sees the attempt,
   * refuses it as malformed and audits it, where the HTTP client refused to send it at all.
   */
  static String headerSafe(String link) {
    for (int i = 0; i < link.length(); i++) {
      char c = link.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return URLEncoder.encode(link, StandardCharsets.UTF_8);
      }
    }
    return link;
  }

  static AdapterException refusal(int status, OperationOutcome outcome) {
    LinkRefusal linkRefusal = linkRefusalOf(outcome);
    String text = summary(outcome);
    Kind kind =
        switch (status) {
          case 403 -> linkRefusal != null ? Kind.LINK_REFUSED : Kind.REFUSED;
          case 404, 410 -> Kind.NOT_FOUND;
          case 412 -> Kind.CHANGED;
          case 409 -> isDuplicate(outcome) ? Kind.DUPLICATE : Kind.REFUSED;
          default ->
              status >= 500 || status == 429 || status == 401 ? Kind.UNAVAILABLE : Kind.REFUSED;
        };
    return new AdapterException(kind, linkRefusal, status, status + " " + text);
  }

  private static LinkRefusal linkRefusalOf(OperationOutcome outcome) {
    if (outcome == null) {
      return null;
    }
    for (var issue : outcome.getIssue()) {
      for (var coding : issue.getDetails().getCoding()) {
        if (CodeSystems.LINK_REFUSAL.equals(coding.getSystem())) {
          return LinkRefusal.fromCode(coding.getCode()).orElse(null);
        }
      }
    }
    return null;
  }

  private static boolean isDuplicate(OperationOutcome outcome) {
    return outcome != null
        && outcome.getIssue().stream()
            .anyMatch(i -> i.getCode() == OperationOutcome.IssueType.DUPLICATE);
  }

  private static String summary(OperationOutcome outcome) {
    if (outcome == null || outcome.getIssue().isEmpty()) {
      return "";
    }
    var issue = outcome.getIssueFirstRep();
    return issue.getCode() + ": " + issue.getDiagnostics();
  }

  private OperationOutcome outcomeOf(String body) {
    try {
      return body == null || body.isBlank()
          ? null
          : fhir.newJsonParser().parseResource(OperationOutcome.class, body);
    } catch (RuntimeException e) {
      // A proxy's page, or no FHIR server at all: the status alone says what happened.
      return null;
    }
  }

  private Resource parse(HttpResponse<String> answer) throws AdapterException {
    try {
      return (Resource) parser().parseResource(answer.body());
    } catch (RuntimeException e) {
      throw new AdapterException(Kind.UNAVAILABLE, null, answer.statusCode(), "unreadable answer");
    }
  }

  private Resource parseOr(HttpResponse<String> answer, Resource sent) throws AdapterException {
    if (answer.body() == null || answer.body().isBlank()) {
      return sent;
    }
    Resource parsed = parse(answer);
    return parsed instanceof OperationOutcome ? sent : parsed;
  }

  private IParser parser() {
    return fhir.newJsonParser();
  }
}
