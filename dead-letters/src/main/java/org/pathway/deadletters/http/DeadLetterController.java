package org.pathway.deadletters.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.pathway.deadletters.ledger.DeadLetterLedger;
import org.pathway.deadletters.office.DeadLetterOffice;
import org.pathway.managementguard.http.OperatorPrincipal;

/**
 * The operator API on the service's management port, where {@code management-guard} has already let
 * only an operator's bearer token through. Only wiring: the {@link DeadLetterOffice} decides, acts
 * and audits.
 */
@Controller(DeadLetterController.BASE)
@Requires(beans = DeadLetterOffice.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class DeadLetterController {

  /** Where the API is mounted. */
  public static final String BASE = "/dead-letters";

  private static final int MAX_LIMIT = 500;

  private final DeadLetterOffice office;
  private final DeadLetterJson json = new DeadLetterJson();

  DeadLetterController(DeadLetterOffice office) {
    this.office = office;
  }

  /** The dead letters not yet handled, oldest first: {@code ?offset=0&limit=50}. */
  @Get(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> list(
      HttpRequest<?> request,
      @QueryValue(defaultValue = "0") int offset,
      @QueryValue(defaultValue = "50") int limit) {
    String operator = operator(request);
    if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
      return refuse(operator, "LIST", null, 400, "offset ≥ 0 and 1 ≤ limit ≤ " + MAX_LIMIT);
    }
    return answer(() -> ok(json.page(office, office.list(operator, offset, limit))));
  }

  /** The audit of every action on this service's dead letters, newest first. */
  @Get(uri = "/audit", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> audit(
      HttpRequest<?> request, @QueryValue(defaultValue = "100") int limit) {
    String operator = operator(request);
    int bounded = Math.max(1, Math.min(limit, MAX_LIMIT));
    return answer(() -> ok(json.audit(office.auditTrail(operator, bounded))));
  }

  /** One dead letter with its headers, its value decoded (or its bytes) and its handling. */
  @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> show(HttpRequest<?> request, @PathVariable String id) {
    String operator = operator(request);
    return answer(
        () ->
            office
                .show(operator, id)
                .map(e -> ok(json.shown(e.getKey(), e.getValue())))
                .orElseGet(() -> error(404, "no dead letter " + id + " on " + office.topic())));
  }

  /** Sends it back to the topic it came from. Body (optional): {@code {"reason": "..."}}. */
  @Post(uri = "/{id}/replay", produces = MediaType.APPLICATION_JSON)
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
  public HttpResponse<String> replay(
      HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
    String operator = operator(request);
    JsonNode parsed = DeadLetterJson.read(body);
    if (parsed == null) {
      return refuse(operator, "REPLAY", id, 400, "the body is not JSON");
    }
    return answer(() -> outcome(office.replay(operator, id, text(parsed, "reason"))));
  }

  /** Never to be handled: body {@code {"reason": "..."}}, required. */
  @Post(uri = "/{id}/discard", produces = MediaType.APPLICATION_JSON)
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
  public HttpResponse<String> discard(
      HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
    String operator = operator(request);
    JsonNode parsed = DeadLetterJson.read(body);
    if (parsed == null) {
      return refuse(operator, "DISCARD", id, 400, "the body is not JSON");
    }
    return answer(() -> outcome(office.discard(operator, id, text(parsed, "reason"))));
  }

  private HttpResponse<String> outcome(DeadLetterOffice.Outcome o) {
    return o.handling().isPresent()
        ? ok(json.handling(o.handling().get()))
        : error(o.status(), o.description());
  }

  private HttpResponse<String> refuse(
      String operator, String action, String id, int status, String why) {
    return answer(
        () -> {
          office.auditRefusal(operator, action, id, status, why);
          return error(status, why);
        });
  }

  /** A database or broker that does not answer is a 503, never a 500. */
  private static HttpResponse<String> answer(java.util.function.Supplier<HttpResponse<String>> s) {
    try {
      return s.get();
    } catch (DeadLetterLedger.LedgerException | IllegalStateException e) {
      return error(503, "unavailable: " + e.getMessage());
    } catch (org.apache.kafka.common.KafkaException e) {
      return error(503, "Kafka unavailable: " + e.getMessage());
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String operator(HttpRequest<?> request) {
    return request
        .getAttribute(HttpAttributes.PRINCIPAL, OperatorPrincipal.class)
        .map(OperatorPrincipal::getName)
        .orElseThrow(() -> new IllegalStateException("no operator: is management-guard present?"));
  }

  private static HttpResponse<String> ok(JsonNode body) {
    return HttpResponse.ok(DeadLetterJson.write(body)).contentType(MediaType.APPLICATION_JSON);
  }

  private static HttpResponse<String> error(int status, String description) {
    return HttpResponse.<String>status(HttpStatus.valueOf(status))
        .contentType(MediaType.APPLICATION_JSON)
        .body(DeadLetterJson.write(DeadLetterJson.error(status, description)));
  }
}
