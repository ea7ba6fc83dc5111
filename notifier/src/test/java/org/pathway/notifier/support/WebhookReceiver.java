package org.pathway.notifier.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.pathway.notifier.channel.webhook.WebhookSignature;

/**
 * A webhook endpoint for tests: checks every signature, answers with the status set for its path,
 * and records every call in arrival order.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One call as received. */
  public record Call(
      String path, int answered, boolean signatureValid, String idempotencyKey, String body) {}

  private final HttpServer server;
  private final String secret;
  private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();

  public WebhookReceiver(String secret) throws IOException {
    this.secret = secret;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String path = exchange.getRequestURI().getPath();
          boolean valid =
              WebhookSignature.verify(
                  secret,
                  exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                  body,
                  exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER));
          int status = valid ? statusByPath.getOrDefault(path, 200) : 401;
          synchronized (calls) {
            calls.add(
                new Call(
                    path,
                    status,
                    valid,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.IDEMPOTENCY_HEADER),
                    new String(body, StandardCharsets.UTF_8)));
          }
          byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public void answer(String path, int status) {
    statusByPath.put(path, status);
  }

  public List<Call> calls(String path) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals(path)).toList();
    }
  }

  public String secret() {
    return secret;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
