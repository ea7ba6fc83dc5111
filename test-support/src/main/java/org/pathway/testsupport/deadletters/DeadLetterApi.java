package org.pathway.testsupport.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letters module's API ({@code /dead-letters} on a service's management port) as an
 * operator's tool calls it: every call with the bearer token given, the answer's status and JSON
 * body kept as they came, so a test asserts refusals as well as answers.
 */
public final class DeadLetterApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  /** The API of the service whose management port is {@code base}. */
  public DeadLetterApi(URI base) {
    this.base = base;
  }

  /** One answer: its HTTP status and body (JSON when the body is JSON). */
  public record Answer(int status, String body) {

    /** The body as JSON; fails naming the status and body when it is not a 200. */
    public JsonNode json() {
      if (status != 200) {
        throw new AssertionError("expected 200, got " + status + ": " + body);
      }
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code GET /dead-letters?limit=500}: the dead letters still offered. */
  public Answer list(String token) {
    return get("/dead-letters?limit=500", token);
  }

  /** {@code GET /dead-letters/{id}}: one, decoded. */
  public Answer show(String id, String token) {
    return get("/dead-letters/" + id, token);
  }

  /** {@code POST /dead-letters/{id}/replay} with {@code body} (may be empty). */
  public Answer replay(String id, String token, String body) {
    return post("/dead-letters/" + id + "/replay", token, body);
  }

  /** {@code POST /dead-letters/{id}/discard} with {@code body}. */
  public Answer discard(String id, String token, String body) {
    return post("/dead-letters/" + id + "/discard", token, body);
  }

  /** {@code GET /dead-letters/audit?limit=500}: the audit entries, newest first. */
  public List<JsonNode> audit(String token) {
    List<JsonNode> entries = new ArrayList<>();
    get("/dead-letters/audit?limit=500", token).json().get("audit").forEach(entries::add);
    return entries;
  }

  /** The offered dead letter keyed {@code key} in a {@link #list} answer, if there is one. */
  public static Optional<JsonNode> byKey(JsonNode listed, String key) {
    for (JsonNode entry : listed.get("deadLetters")) {
      if (key.equals(entry.path("key").asText())) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** The ids of the dead letters in a {@link #list} answer. */
  public static List<String> ids(JsonNode listed) {
    List<String> ids = new ArrayList<>();
    listed.get("deadLetters").forEach(e -> ids.add(e.get("id").asText()));
    return ids;
  }

  /** A {@code {"reason": ...}} body. */
  public static String reason(String reason) {
    return JSON.createObjectNode().put("reason", reason).toString();
  }

  private Answer get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  private Answer post(String path, String token, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
