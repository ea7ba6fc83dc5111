package org.pathway.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.pathway.notifier.channel.webhook.WebhookSignature;

/**
 * The link workers' and facilitators' systems for a benchmark: a webhook endpoint that checks each
 * delivery's signature with the notifier's own {@link WebhookSignature} (as its tests' receiver
 * does) and reports its arrival time. Webhooks rather than email because an HTTP arrival can be
 * timed to the microsecond, where an SMTP sink can only be polled.
 */
final class HookReceiver implements AutoCloseable {

  /** One delivery, as the receiver saw it arrive. */
  record Delivery(String templateId, String taskId, String correlationId, long arrivedNanos) {}

  /** Told of every correctly signed delivery, on the receiver's threads. */
  interface Listener {
    void delivered(Delivery delivery);
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final String secret;
  private final Listener listener;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong badSignatures = new AtomicLong();
  private final Map<String, LongAdder> byTemplate = new ConcurrentSkipListMap<>();

  private HookReceiver(HttpServer server, ExecutorService threads, String secret, Listener l) {
    this.server = server;
    this.threads = threads;
    this.secret = secret;
    this.listener = l;
  }

  /** Listens on a free loopback port. */
  static HookReceiver start(String secret, Listener listener) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    HookReceiver receiver = new HookReceiver(server, threads, secret, listener);
    server.createContext("/hooks/", receiver::handle);
    server.setExecutor(threads);
    server.start();
    return receiver;
  }

  /** The URL a directory entry's webhook channel points at. */
  String url(String entryId) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + entryId;
  }

  long badSignatures() {
    return badSignatures.get();
  }

  /** Signed deliveries so far, by template id. */
  String counts() {
    return byTemplate.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      var headers = exchange.getRequestHeaders();
      if (!WebhookSignature.verify(
          secret,
          headers.getFirst(WebhookSignature.TIMESTAMP_HEADER),
          body,
          headers.getFirst(WebhookSignature.SIGNATURE_HEADER))) {
        badSignatures.incrementAndGet();
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      JsonNode node = json.readTree(body);
      byTemplate
          .computeIfAbsent(node.path("templateId").asText(), t -> new LongAdder())
          .increment();
      listener.delivered(
          new Delivery(
              node.path("templateId").asText(),
              node.path("taskId").asText(),
              node.path("correlationId").asText(),
              arrived));
      exchange.sendResponseHeaders(204, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
