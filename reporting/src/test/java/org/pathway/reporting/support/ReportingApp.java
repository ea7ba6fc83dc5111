package org.pathway.reporting.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;

/**
 * Reporting in this JVM on a real broker, as its ITs start it: a state directory and application id
 * of the test's, the issuer's trust, random ports; plus journeys published as the adapter's outbox
 * relay would, and the figures read once a number of journeys is in.
 */
public final class ReportingApp {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ReportingApp() {}

  /** Starts reporting over {@code bootstrap}, keeping its state in {@code stateDir}. */
  public static ApplicationContext start(
      String bootstrap, Path stateDir, String applicationId, TestIssuer issuer) throws Exception {
    return start(bootstrap, stateDir, applicationId, issuer, Map.of());
  }

  /** As {@link #start(String, Path, String, TestIssuer)}, with {@code more} properties on top. */
  public static ApplicationContext start(
      String bootstrap,
      Path stateDir,
      String applicationId,
      TestIssuer issuer,
      Map<String, Object> more)
      throws Exception {
    return start(bootstrap, stateDir, applicationId, issuer, more, List.of());
  }

  /**
   * As {@link #start(String, Path, String, TestIssuer, Map)}, with {@code beans} of the test's in
   * place of the service's own (e.g. export jobs on a worker the test holds back).
   */
  public static ApplicationContext start(
      String bootstrap,
      Path stateDir,
      String applicationId,
      TestIssuer issuer,
      Map<String, Object> more,
      List<Object> beans)
      throws Exception {
    Map<String, Object> p = new HashMap<>(issuer.properties());
    p.put("pathway.kafka.bootstrap-servers", bootstrap);
    p.put("pathway.streams.state-dir", stateDir.toString());
    p.put("pathway.streams.application-id", applicationId);
    // A test-only pseudonym key (never a deployment's).
    p.put("pathway.export.secret", "reporting-it-secret-0123456789abcdef");
    p.put("micronaut.server.port", -1);
    try (ServerSocket s = new ServerSocket(0)) {
      p.put("endpoints.all.port", s.getLocalPort());
    }
    p.putAll(more);
    ApplicationContext context =
        ApplicationContext.builder().properties(p).singletons(beans.toArray()).start();
    context.getBean(EmbeddedServer.class).start();
    return context;
  }

  /** The figures API's base URL of a started reporting. */
  public static String base(ApplicationContext context) {
    return "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort();
  }

  /** Publishes every journey's events on the referral events topic, keyed by referral. */
  public static void publish(String bootstrap, List<JourneyScript> journeys) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(config, new StringSerializer(), new EventSerializer())) {
      for (JourneyScript j : journeys) {
        for (SpecificRecord e : j.events()) {
          producer.send(new ProducerRecord<>(Topics.REFERRAL_EVENTS.name(), j.referralId(), e));
        }
      }
      producer.flush();
    }
  }

  /** {@code GET /api/figures} as {@code token}, once it counts {@code journeys} journeys. */
  public static String awaitFigures(String base, String token, long journeys) {
    String[] body = new String[1];
    Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> r =
                  HTTP.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/figures"))
                          .header("Authorization", "Bearer " + token)
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 200) {
                return false;
              }
              body[0] = r.body();
              return JSON.readTree(r.body()).path("journeys").asLong() == journeys;
            });
    // A last read once the count is complete: the figures of the whole set.
    return body[0];
  }

  /** Deletes {@code dir} and everything in it, as an operator losing a volume would. */
  public static void deleteRecursively(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
