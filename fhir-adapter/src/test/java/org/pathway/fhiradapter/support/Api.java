package org.pathway.fhiradapter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Plain HTTP calls to a running adapter as one registered test client, with its bearer token:
 * statuses and bodies as a client sees them, refusals included.
 */
public final class Api {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Adapter adapter;
  private final String clientId;
  private final Map<String, String> headers = new HashMap<>();
  private String bearer;

  private Api(Adapter adapter, String clientId) {
    this.adapter = adapter;
    this.clientId = clientId;
  }

  /** Calls as test client {@code clientId} (see {@code access/clients.yaml}). */
  public static Api as(Adapter adapter, String clientId) {
    return new Api(adapter, clientId);
  }

  /** The same client, sending {@code name: value} on its next calls too. */
  public Api with(String name, String value) {
    Api copy = new Api(adapter, clientId);
    copy.bearer = bearer;
    copy.headers.putAll(headers);
    copy.headers.put(name, value);
    return copy;
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> post(String path, IBaseResource body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  public HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  /** A PUT sending {@code If-Match} for {@code version}, or none when null. */
  public HttpResponse<String> put(String path, IBaseResource body, String version) {
    var b = request(path).PUT(HttpRequest.BodyPublishers.ofString(json(body)));
    if (version != null) {
      b.header("If-Match", "W/\"" + version + "\"");
    }
    return send(b);
  }

  /** The body of {@code res} as a resource. */
  public static <T extends Resource> T parse(Class<T> type, HttpResponse<String> res) {
    return Fixtures.FHIR.newJsonParser().parseResource(type, res.body());
  }

  /** The searchset {@code res} answered. */
  public static Bundle bundle(HttpResponse<String> res) {
    return parse(Bundle.class, res);
  }

  /** The OperationOutcome {@code res} answered with. */
  public static OperationOutcome outcome(HttpResponse<String> res) {
    return parse(OperationOutcome.class, res);
  }

  private HttpRequest.Builder request(String path) {
    if (bearer == null) {
      bearer = adapter.bearer(clientId);
    }
    var b =
        HttpRequest.newBuilder(URI.create(adapter.fhirBase() + path))
            .header("Authorization", bearer)
            .header("Accept", "application/fhir+json")
            .header("Content-Type", "application/fhir+json");
    headers.forEach(b::header);
    return b;
  }

  private static String json(IBaseResource r) {
    return Fixtures.FHIR.newJsonParser().encodeResourceToString(r);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
