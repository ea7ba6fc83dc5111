package org.pathway.deploy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevTokens;
import org.pathway.deploy.demo.BearerToken;
import org.pathway.deploy.demo.DevMailServer;
import org.pathway.deploy.demo.GpSystemView;
import org.pathway.deploy.demo.MailText;
import org.pathway.localpostgres.Database;
import org.pathway.testsupport.database.TestDatabase;

/**
 * The whole platform as dev mode starts it (three services, the portal, Kafka, PostgreSQL, the mail
 * server and the demo GP system), once for a test class, with what a platform test needs around it:
 * the GP sending, cancelling and withdrawing referrals, the mail each person received, the ledger
 * and audit as the organisations and the operator read them.
 */
public final class Platform implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(90);

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<TestDatabase> databases = new ArrayList<>();
  private final Map<String, IGenericClient> clients = new ConcurrentHashMap<>();
  private final PathwayDev dev;
  private final DevTokens tokens;
  private final GpSystemView gp;
  private final Path repo = PathwayDev.repositoryRoot();

  private final String databasePrefix;

  /** The platform with dev mode's settings, its databases named {@code links_<service>}. */
  public Platform(Path dataDir) throws Exception {
    this(dataDir, "links", Map.of());
  }

  /**
   * The platform with {@code serviceEnv} applied over dev mode's settings (per service module),
   * each service on a database of its own named {@code <databasePrefix>_<service>}.
   */
  public Platform(Path dataDir, String databasePrefix, Map<String, Map<String, String>> serviceEnv)
      throws Exception {
    this.databasePrefix = databasePrefix;
    fhir.getRestfulClientFactory().setSocketTimeout(30_000);
    var settings =
        DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get).withFreePorts();
    var perTest = DevDatabases.of("a database per service for this test", this::database);
    this.dev = PathwayDev.start(settings, perTest, serviceEnv);
    this.tokens = new DevTokens(repo, dev.endpoints().access().tokenUrl());
    this.gp = new GpSystemView(fhir, dev.gp());
  }

  public PathwayDev dev() {
    return dev;
  }

  public GpSystemView gp() {
    return gp;
  }

  /** The signed links' keys dev mode gave the router and the adapter. */
  public String linkKeys() {
    return dev.endpoints().access().linkKeys();
  }

  /** The demo practice sends a fresh copy of the demo referral; returns its Task once routed. */
  public Task referAndAwaitRouting() throws Exception {
    String sample =
        Files.readString(repo.resolve("deploy/demo/referral.json"))
            .replace("DEMO-0001", "BROWSER-" + UUID.randomUUID());
    Bundle sent = fhir.newJsonParser().parseResource(Bundle.class, sample);
    Bundle response = as(DemoClients.PRACTICE).transaction().withBundle(sent).execute();
    String requestId =
        response.getEntry().stream()
            .map(e -> e.getResponse().getLocation())
            .filter(l -> l != null && l.startsWith("ServiceRequest/"))
            .map(l -> l.split("/")[1])
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ServiceRequest in the intake response"));
    return await(
        "the Task of ServiceRequest " + requestId + " routed to a link-worker service",
        () ->
            as(DemoClients.PRACTICE)
                .search()
                .forResource(Task.class)
                .where(Task.FOCUS.hasId("ServiceRequest/" + requestId))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .filter(t -> !t.hasPartOf())
                .filter(Task::hasOwner)
                .findFirst()
                .orElse(null));
  }

  /** The signed link in the newest mail about Task {@code taskId}, once it has come. */
  public String linkInMailAbout(String taskId) throws InterruptedException {
    DevMailServer.Arrival mail =
        await("mail about Task " + taskId, () -> dev.mail().latestAbout(taskId).orElse(null));
    return linkIn(mail);
  }

  /**
   * The signed link in the newest mail to {@code address} since {@code after}, once it has come.
   */
  public String linkInMailTo(String address, Instant after) throws InterruptedException {
    return linkIn(await("mail to " + address, () -> mailTo(address, after, "")));
  }

  /**
   * The newest mail to {@code address} since {@code after} whose text says {@code words} (line
   * breaks and runs of spaces read as one space).
   */
  public DevMailServer.Arrival mailTo(String address, Instant after, String words) {
    return dev.mail().arrivals().stream()
        .filter(a -> !a.at().isBefore(after))
        .filter(
            a -> {
              try {
                var to = a.message().getHeader("To", ",");
                return to != null && to.contains(address);
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .filter(a -> MailText.of(a.message()).replaceAll("\\s+", " ").contains(words))
        .reduce((first, second) -> second)
        .orElse(null);
  }

  private String linkIn(DevMailServer.Arrival mail) {
    String portal = dev.endpoints().access().portalUrl() + "/l/";
    return MailText.linkStartingWith(mail.message(), portal)
        .orElseThrow(() -> new AssertionError("no link to " + portal + " in the mail"));
  }

  /**
   * Waits until the ledger has recorded the delivery of Pathway's first message about Task {@code
   * taskId} (its business status set). Until then the receipt can add a version at any moment, so a
   * test that compares versions waits for it first.
   */
  public void awaitDeliveryRecorded(String clientId, String taskId) throws InterruptedException {
    await(
        "the delivery about Task " + taskId + " recorded",
        () -> read(clientId, taskId).hasBusinessStatus() ? Boolean.TRUE : null);
  }

  /** Task {@code id} as demo client {@code clientId} reads it. */
  public Task read(String clientId, String id) {
    return as(clientId).read().resource(Task.class).withId(id).execute();
  }

  /** Task {@code id}'s versions in the ledger, as {@code clientId} reads them, oldest first. */
  public List<Task> history(String clientId, String id) {
    return as(clientId)
        .history()
        .onInstance("Task/" + id)
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .stream()
        .map(e -> (Task) e.getResource())
        .sorted(
            java.util.Comparator.comparingLong(
                t -> Long.parseLong(t.getIdElement().getVersionIdPart())))
        .toList();
  }

  /** The children of Task {@code parentId} (onward referrals), as {@code clientId} sees them. */
  public List<Task> children(String clientId, String parentId) {
    return as(clientId)
        .search()
        .forResource(Task.class)
        .where(Task.PART_OF.hasId("Task/" + parentId))
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .stream()
        .map(e -> (Task) e.getResource())
        .toList();
  }

  /** The GP practice cancels its referral's Task, as a GP system would through FHIR. */
  public void cancelAsPractice(String taskId) {
    Task current = read(DemoClients.PRACTICE, taskId);
    current.setStatus(Task.TaskStatus.CANCELLED);
    current.setStatusReason(new CodeableConcept().setText("The patient moved away"));
    as(DemoClients.PRACTICE)
        .update()
        .resource(current)
        .withId(current.getIdElement().toUnqualified())
        .execute();
  }

  /**
   * The demo practice withdraws its referral as a GP system would through FHIR: ServiceRequest
   * {@code id} read, set {@code revoked} and written back with its version as {@code If-Match}.
   */
  public void withdrawAsPractice(String serviceRequestId) {
    ServiceRequest current =
        as(DemoClients.PRACTICE)
            .read()
            .resource(ServiceRequest.class)
            .withId(serviceRequestId)
            .execute();
    current.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
    // With the version read: HAPI's client sends it as If-Match, which Pathway requires.
    as(DemoClients.PRACTICE)
        .update()
        .resource(current)
        .withId(current.getIdElement().toUnqualified())
        .execute();
  }

  /**
   * Changes Task {@code id} as demo client {@code clientId}'s own system does: read, change, write
   * back with If-Match; a 412 (Pathway added a version in between, e.g. a delivery receipt) means
   * read again and re-apply the change.
   */
  public void update(String clientId, String id, Consumer<Task> change) {
    for (int attempt = 1; ; attempt++) {
      Task current = read(clientId, id);
      change.accept(current);
      try {
        as(clientId)
            .update()
            .resource(current)
            .withId(current.getIdElement().toUnqualified())
            .execute();
        return;
      } catch (PreconditionFailedException stale) {
        if (attempt == 5) {
          throw stale;
        }
      }
    }
  }

  /**
   * The audit records, read as the operator, of the portal's calls refused with {@code refusal}
   * (the {@code link-refusal} detail) since {@code since}.
   */
  public List<AuditEvent> linkRefusals(String refusal, Instant since) {
    return as(DemoClients.OPERATOR)
        .search()
        .forResource(AuditEvent.class)
        .where(AuditEvent.AGENT.hasId("portal"))
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .stream()
        .map(e -> (AuditEvent) e.getResource())
        .filter(a -> !a.getRecorded().toInstant().isBefore(since.minusSeconds(1)))
        .filter(a -> !"0".equals(a.getOutcome().toCode()))
        .filter(
            a ->
                a.getEntity().stream()
                    .flatMap(en -> en.getDetail().stream())
                    .anyMatch(
                        d ->
                            d.getType().equals("link-refusal")
                                && d.getValue() instanceof StringType s
                                && refusal.equals(s.getValue())))
        .toList();
  }

  /**
   * POSTs {@code body} to {@code path} under Pathway's FHIR base as demo client {@code clientId}
   * (FHIR JSON, a fresh X-Request-ID), for what HAPI's client does not send as a sender would: a
   * BaRS message to {@code $process-message}.
   */
  public HttpResponse<String> post(String clientId, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(dev.endpoints().fhirBase() + path))
            .header("Authorization", tokens.bearer(clientId))
            .header("Content-Type", "application/fhir+json")
            .header("Accept", "application/fhir+json")
            .header("X-Request-ID", "req-" + UUID.randomUUID())
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Pathway's FHIR API as demo client {@code clientId}: every call carries its token. */
  public IGenericClient as(String clientId) {
    return clients.computeIfAbsent(
        clientId,
        id -> {
          IGenericClient client = fhir.newRestfulGenericClient(dev.endpoints().fhirBase());
          client.registerInterceptor(new BearerToken(tokens, id));
          return client;
        });
  }

  public static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    return await(what, WAIT, probe);
  }

  /** Polls {@code probe} until it gives a value, failing the test after {@code wait}. */
  public static <T> T await(String what, Duration wait, Supplier<T> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what, last);
  }

  private Database database(String service) {
    TestDatabase database = TestDatabase.create(databasePrefix + "_" + service.replace('-', '_'));
    databases.add(database);
    return database.database();
  }

  @Override
  public void close() {
    try {
      dev.close();
    } finally {
      databases.forEach(TestDatabase::close);
    }
  }
}
