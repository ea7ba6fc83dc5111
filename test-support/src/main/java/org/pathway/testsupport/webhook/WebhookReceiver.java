package org.pathway.testsupport.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A webhook endpoint for tests and benchmarks: checks every call's signature with the check it is
 * given (the notifier's own, in practice: this module cannot see the notifier), answers with the
 * status set for the call's path (401 when the signature is wrong), records every call in arrival
 * order and tells a listener of each correctly signed one.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** Decides whether a call is correctly signed, from its headers and raw body. */
  @FunctionalInterface
  public interface SignatureCheck {
    boolean valid(Headers headers, byte[] body);
  }

  /** One call as received; {@code arrivedNanos} is {@link System#nanoTime()} on arrival. */
  public record Call(
      String path,
      int answered,
      boolean signatureValid,
      Map<String, List<String>> headers,
      String body,
      long arrivedNanos) {

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final SignatureCheck check;
  private final Consumer<Call> listener;
  private final boolean keepCalls;
  private final AtomicLong badSignatures = new AtomicLong();
  private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> heldPaths = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();

  private WebhookReceiver(SignatureCheck check, Consumer<Call> listener, boolean keepCalls)
      throws IOException {
    this.check = check;
    this.listener = listener;
    this.keepCalls = keepCalls;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    threads = Executors.newFixedThreadPool(8);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Listens on a free loopback port and keeps every call for {@link #calls}. */
  public static WebhookReceiver start(SignatureCheck check) throws IOException {
    return new WebhookReceiver(check, call -> {}, true);
  }

  /**
   * Listens on a free loopback port and tells {@code listener} of each correctly signed call, on
   * the receiver's threads; keeps no history (a benchmark's calls would fill the heap), so {@link
   * #calls} stays empty.
   */
  public static WebhookReceiver start(SignatureCheck check, Consumer<Call> listener)
      throws IOException {
    return new WebhookReceiver(check, listener, false);
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String path = exchange.getRequestURI().getPath();
      boolean valid = check.valid(exchange.getRequestHeaders(), body);
      int status = valid ? statusByPath.getOrDefault(path, 200) : 401;
      Call call =
          new Call(
              path,
              status,
              valid,
              Map.copyOf(exchange.getRequestHeaders()),
              new String(body, StandardCharsets.UTF_8),
              arrived);
      if (keepCalls) {
        synchronized (calls) {
          calls.add(call);
        }
      }
      if (valid) {
        listener.accept(call);
      } else {
        badSignatures.incrementAndGet();
      }
      CountDownLatch held = heldPaths.get(path);
      if (held != null) {
        try {
          held.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  /** The URL of {@code path} (starting with {@code /}) on this receiver. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** From now on, answers calls to {@code path} with {@code status}. */
  public void answer(String path, int status) {
    statusByPath.put(path, status);
  }

  /**
   * From now on, a call to {@code path} is recorded on arrival but not answered until {@link
   * #release}: an endpoint that hangs.
   */
  public void hold(String path) {
    heldPaths.putIfAbsent(path, new CountDownLatch(1));
  }

  /** Answers the calls {@link #hold} kept waiting on {@code path}, and every later one at once. */
  public void release(String path) {
    CountDownLatch held = heldPaths.remove(path);
    if (held != null) {
      held.countDown();
    }
  }

  /** Every call to {@code path} so far, in arrival order. */
  public List<Call> calls(String path) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals(path)).toList();
    }
  }

  /** Every call so far, in arrival order. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Calls answered 401 because their signature was wrong. */
  public long badSignatures() {
    return badSignatures.get();
  }

  @Override
  public void close() {
    heldPaths.values().forEach(CountDownLatch::countDown);
    server.stop(0);
    threads.shutdownNow();
  }
}
