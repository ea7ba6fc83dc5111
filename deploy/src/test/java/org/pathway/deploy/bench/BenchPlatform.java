package org.pathway.deploy.bench;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.pathway.deploy.DevSettings;
import org.pathway.deploy.PathwayDev;
import org.pathway.deploy.WebhookDirectory;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.notifier.channel.webhook.WebhookSignature;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * Dev mode as the pathway benchmarks (B5, B6) run it: access control on, the directory's email
 * channels turned into signed webhooks to a {@link WebhookReceiver} in this JVM (an HTTP arrival
 * can be timed exactly, and each delivery's HMAC is checked as a real receiver would), the demo
 * practice's per-client rate limit lifted (one client sends the whole load), and the practice's and
 * the link-worker service's tokens fetched before any clock starts, renewed only near expiry.
 */
final class BenchPlatform implements AutoCloseable {

  /** The community group the benchmark's link worker refers everyone on to. */
  static final String GROUP = "walk-and-talk";

  /** A per-client rate limit no benchmark load reaches. */
  static final int UNTHROTTLED = 1_000_000;

  private static final String SECRET_REF = "bench-hooks";

  /** One signed webhook delivery, as the receiver saw it arrive. */
  record Delivery(String templateId, String taskId, String correlationId, long arrivedNanos) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Delivery of(WebhookReceiver.Call call) {
      try {
        JsonNode node = JSON.readTree(call.body());
        return new Delivery(
            node.path("templateId").asText(),
            node.path("taskId").asText(),
            node.path("correlationId").asText(),
            call.arrivedNanos());
      } catch (IOException e) {
        throw new UncheckedIOException("webhook body is not JSON", e);
      }
    }
  }

  private final Map<String, LongAdder> delivered = new ConcurrentSkipListMap<>();
  private final WebhookReceiver hooks;
  private final PathwayDev dev;
  private final GroupLag lag;
  private final DevTokens tokens;
  private final InstantLinkWorker linkWorker;
  private final Path data;

  private BenchPlatform(String name, BiConsumer<Delivery, InstantLinkWorker> onDelivery)
      throws Exception {
    data = Files.createTempDirectory("pathway-" + name);
    Probes.print(data);
    String secret = UUID.randomUUID().toString();
    AtomicReference<Consumer<Delivery>> listener = new AtomicReference<>(d -> {});
    hooks =
        WebhookReceiver.start(
            (headers, body) ->
                WebhookSignature.verify(secret, headers::getFirst, body, Instant.now()),
            call -> {
              Delivery d = Delivery.of(call);
              delivered.computeIfAbsent(d.templateId(), t -> new LongAdder()).increment();
              listener.get().accept(d);
            });
    try {
      int gpPort = PathwayDev.freePort();
      String gpBase = "http://127.0.0.1:" + gpPort + "/fhir";
      DevSettings settings =
          DevSettings.from(Map.of("PATHWAY_DATA_DIR", data.toString())::get)
              .withFreePorts()
              .withGpPort(gpPort);
      Path directory = WebhookDirectory.write(gpBase, hooks, SECRET_REF, data);
      String secretVariable = "PATHWAY_SECRET_" + SECRET_REF.toUpperCase().replace('-', '_');
      Map<String, Map<String, String>> env = new HashMap<>();
      env.put("router", Map.of("DIRECTORY_FEED", "file:" + directory));
      env.put("fhir-adapter", Map.of("ACCESS_RATE_LIMIT", "" + UNTHROTTLED));
      env.put(
          "notifier",
          Map.of(
              secretVariable,
              secret,
              // the secret goes only to the receiver's host, and dev mode's peers speak http
              secretVariable + "_HOST",
              "127.0.0.1",
              "OUTBOUND_ALLOW_HTTP",
              "true"));
      System.out.println("starting dev mode (data in " + data + ", removed at the end) ...");
      dev = PathwayDev.start(settings, env);
      lag = new GroupLag(dev.kafka().bootstrapServers());
      tokens = new DevTokens(PathwayDev.repositoryRoot(), dev.endpoints().access().tokenUrl());
      tokens.token(DemoClients.PRACTICE);
      tokens.token(DemoClients.LINK_WORKER);
      linkWorker =
          new InstantLinkWorker(
              dev.endpoints().fhirBase(), GROUP, () -> tokens.bearer(DemoClients.LINK_WORKER));
      listener.set(d -> onDelivery.accept(d, linkWorker));
    } catch (Exception | Error e) {
      hooks.close();
      throw e;
    }
  }

  /**
   * Starts dev mode for benchmark {@code name} (its data in a new temporary directory, removed by
   * {@link #close}), telling {@code onDelivery} of every signed webhook delivery once the platform
   * is up, with the platform's link worker, to act on what it is told.
   */
  static BenchPlatform start(String name, BiConsumer<Delivery, InstantLinkWorker> onDelivery)
      throws Exception {
    return new BenchPlatform(name, onDelivery);
  }

  PathwayDev dev() {
    return dev;
  }

  GroupLag lag() {
    return lag;
  }

  /** The demo practice's referrals at a constant rate over {@code connections} connections. */
  ReferralLoad load(int connections) {
    return new ReferralLoad(
        URI.create(dev.endpoints().fhirBase()),
        connections,
        () -> tokens.bearer(DemoClients.PRACTICE));
  }

  /** Signed deliveries so far, by template id. */
  Map<String, LongAdder> delivered() {
    return delivered;
  }

  /** The deliveries so far by template, and those refused for a bad signature, as a line. */
  String deliveries() {
    return "webhook deliveries: "
        + delivered
        + "; with a bad signature (refused): "
        + hooks.badSignatures();
  }

  /**
   * Tells {@code listener} of every Task update the demo GP system receives ({@code PUT
   * .../Task/}), with the correlation id it carries and when it arrived ({@link
   * System#nanoTime()}).
   */
  void onGpTaskUpdate(BiConsumer<String, Long> listener) {
    dev.gp().registerInterceptor(new GpTaskUpdates(listener));
  }

  /** The demo GP system's view of each Task update, as an interceptor of its FHIR server. */
  @Interceptor
  public static final class GpTaskUpdates {
    private final BiConsumer<String, Long> listener;

    GpTaskUpdates(BiConsumer<String, Long> listener) {
      this.listener = listener;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean arrived(HttpServletRequest request) {
      long now = System.nanoTime();
      String correlationId = request.getHeader("X-Correlation-ID");
      if ("PUT".equals(request.getMethod())
          && request.getRequestURI().contains("/Task/")
          && correlationId != null) {
        listener.accept(correlationId, now);
      }
      return true;
    }
  }

  @Override
  public void close() {
    try {
      lag.close();
      dev.close();
    } finally {
      hooks.close();
      try {
        ScratchData.delete(data);
      } catch (IOException e) {
        System.err.println("could not remove the run's data in " + data + ": " + e);
      }
    }
  }
}
