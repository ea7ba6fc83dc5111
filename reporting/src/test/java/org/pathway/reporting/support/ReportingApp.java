package org.pathway.reporting.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.BindException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.FreePorts;

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
    return start(bootstrap, stateDir, applicationId, issuer, port -> more, beans);
  }

  /**
   * As {@link #start(String, Path, String, TestIssuer, Map, List)}, with properties that name a
   * port of their own (a peer's server port and the address it announces), chosen afresh on each
   * try.
   */
  public static ApplicationContext start(
      String bootstrap,
      Path stateDir,
      String applicationId,
      TestIssuer issuer,
      IntFunction<Map<String, Object>> moreOnPort,
      List<Object> beans)
      throws Exception {
    // A port found free is free only until someone else binds it: the tests of other modules run
    // beside these, and every outgoing connection on the machine takes an ephemeral port too. A
    // start that lost its port is tried again on new ones, as Micronaut's own port tests do.
    for (int attempt = 1; ; attempt++) {
      Map<String, Object> p = new HashMap<>(issuer.properties());
      p.put("pathway.kafka.bootstrap-servers", bootstrap);
      p.put("pathway.streams.state-dir", stateDir.toString());
      p.put("pathway.streams.application-id", applicationId);
      // A test-only pseudonym key (never a deployment's).
      p.put("pathway.export.secret", "reporting-it-secret-0123456789abcdef");
      p.put("micronaut.server.port", -1);
      p.put("endpoints.all.port", FreePorts.next());
      p.putAll(moreOnPort.apply(FreePorts.next()));
      ApplicationContext context =
          ApplicationContext.builder().properties(p).singletons(beans.toArray()).build();
      try {
        context.start();
        context.getBean(EmbeddedServer.class).start();
        return context;
      } catch (RuntimeException e) {
        context.close();
        if (attempt == BIND_ATTEMPTS || !lostItsPort(e)) {
          throw e;
        }
      }
    }
  }

  private static final int BIND_ATTEMPTS = 5;

  private static boolean lostItsPort(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
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

  /**
   * {@code GET /api/figures} of a started reporting as {@code token}, once its consumer group has
   * processed every referral event on the topic and the figures count {@code journeys} journeys.
   * Waiting on the group's committed offsets, not on the figures alone, is what makes the answer
   * the whole set's: a journey is counted at its first event, and on a busy machine the later
   * events of some can still be queued while two reads in a row agree.
   */
  public static String awaitFigures(ApplicationContext context, String token, long journeys)
      throws Exception {
    awaitEveryEventProcessed(context);
    String base = base(context);
    String[] body = new String[1];
    Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              HttpResponse<String> r =
                  HTTP.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/figures"))
                          .header("Authorization", "Bearer " + token)
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              body[0] = r.body();
              return r.statusCode() == 200
                  && JSON.readTree(r.body()).path("journeys").asLong() == journeys;
            });
    return body[0];
  }

  /**
   * Waits until the context's application id has committed, on every partition of the referral
   * events topic, an offset at that partition's end: each event there has been applied to the store
   * (the streams commit only after processing).
   */
  private static void awaitEveryEventProcessed(ApplicationContext context) throws Exception {
    String group = context.getRequiredProperty("pathway.streams.application-id", String.class);
    String bootstrap = context.getRequiredProperty("pathway.kafka.bootstrap-servers", String.class);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      // The tests create the topic with as many partitions as each needs.
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(Topics.REFERRAL_EVENTS.name()))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(Topics.REFERRAL_EVENTS.name())
          .partitions()
          .forEach(
              p ->
                  latest.put(
                      new TopicPartition(Topics.REFERRAL_EVENTS.name(), p.partition()),
                      OffsetSpec.latest()));
      Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin
                        .listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                return ends.entrySet().stream()
                    .allMatch(
                        e -> {
                          OffsetAndMetadata c = committed.get(e.getKey());
                          return (c == null ? 0 : c.offset()) >= e.getValue().offset();
                        });
              });
    }
  }

  /**
   * Live threads of a reporting context's own Kafka clients and schedules (named by its client ids
   * and application ids, which all begin {@code reporting-} or {@code pathway-reporting}), or of
   * its offset meters; none should outlive its context.
   */
  public static List<String> threadsOfReporting() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.contains("| reporting-")
                    || n.contains("pathway-reporting")
                    || n.startsWith("kafka-offset-meters"))
        .sorted()
        .toList();
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
