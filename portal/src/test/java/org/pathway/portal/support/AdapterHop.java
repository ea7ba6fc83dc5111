package org.pathway.portal.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The portal's way to the adapter in the portal ITs: an HTTP hop that passes every request and
 * answer through unchanged, and that a test can ask to let something happen in the ledger just
 * before one write arrives (someone else's change landing between the portal's read of a Task and
 * its update).
 */
public final class AdapterHop implements AutoCloseable {

  /** Headers the JDK's client sets itself, or that describe one hop's connection. */
  private static final Set<String> HOP_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "http2-settings");

  private final String target;
  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicReference<Before> before = new AtomicReference<>();

  private record Before(String method, String path, Runnable action) {}

  private AdapterHop(String target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::pass);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  /** A hop to {@code target} (e.g. {@code http://127.0.0.1:8080}), listening on a free port. */
  public static AdapterHop to(String target) throws IOException {
    return new AdapterHop(target);
  }

  /** The hop's base URL, to give the portal in the adapter's place. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Runs {@code action} when the next {@code method} request for {@code path} (e.g. {@code
   * /fhir/Task/123}) arrives, and passes the request on once it has finished; once only.
   */
  public void before(String method, String path, Runnable action) {
    before.set(new Before(method, path, action));
  }

  private void pass(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Before due = before.get();
      if (due != null
          && due.method().equals(exchange.getRequestMethod())
          && due.path().equals(path)
          && before.compareAndSet(due, null)) {
        due.action().run();
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> copy(name, values, request));
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      for (Map.Entry<String, List<String>> h : answer.headers().map().entrySet()) {
        if (!HOP_HEADERS.contains(h.getKey().toLowerCase()) && !h.getKey().startsWith(":")) {
          exchange.getResponseHeaders().put(h.getKey(), h.getValue());
        }
      }
      byte[] out = answer.body();
      exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
      exchange.getResponseBody().write(out);
    }
  }

  private static void copy(String name, List<String> values, HttpRequest.Builder request) {
    if (!HOP_HEADERS.contains(name.toLowerCase())) {
      values.forEach(v -> request.header(name, v));
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
