package org.pathway.deploy.browser;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.pathway.deploy.DevDatabases;
import org.pathway.deploy.DevSettings;
import org.pathway.deploy.PathwayDev;
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
 * server and the demo GP system), once for a test class, with what a browser test needs around the
 * pages: the GP sending and cancelling referrals, the mail each person received, the ledger and
 * audit as the organisations and the operator read them.
 */
final class Platform implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(90);

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final List<TestDatabase> databases = new ArrayList<>();
  private final Map<String, IGenericClient> clients = new ConcurrentHashMap<>();
  private final PathwayDev dev;
  private final DevTokens tokens;
  private final GpSystemView gp;
  private final Path repo = PathwayDev.repositoryRoot();

  Platform(Path dataDir) throws Exception {
    fhir.getRestfulClientFactory().setSocketTimeout(30_000);
    var settings =
        DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get).withFreePorts();
    var perTest = DevDatabases.of("a database per service for this test", this::database);
    this.dev = PathwayDev.start(settings, perTest, Map.of());
    this.tokens = new DevTokens(repo, dev.endpoints().access().tokenUrl());
    this.gp = new GpSystemView(fhir, dev.gp());
  }

  PathwayDev dev() {
    return dev;
  }

  GpSystemView gp() {
    return gp;
  }

  /** The signed links' keys dev mode gave the router and the adapter. */
  String linkKeys() {
    return dev.endpoints().access().linkKeys();
  }

  /** The demo practice sends a fresh copy of the demo referral; returns its Task once routed. */
  Task referAndAwaitRouting() throws Exception {
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
  String linkInMailAbout(String taskId) throws InterruptedException {
    DevMailServer.Arrival mail =
        await("mail about Task " + taskId, () -> dev.mail().latestAbout(taskId).orElse(null));
    return linkIn(mail);
  }

  /**
   * The signed link in the newest mail to {@code address} since {@code after}, once it has come.
   */
  String linkInMailTo(String address, Instant after) throws InterruptedException {
    return linkIn(await("mail to " + address, () -> mailTo(address, after, "")));
  }

  /** The newest mail to {@code address} since {@code after} whose text says {@code words}. */
  DevMailServer.Arrival mailTo(String address, Instant after, String words) {
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
        .filter(a -> MailText.of(a.message()).contains(words))
        .reduce((first, second) -> second)
        .orElse(null);
  }

  private String linkIn(DevMailServer.Arrival mail) {
    String portal = dev.endpoints().access().portalUrl() + "/l/";
    return MailText.linkStartingWith(mail.message(), portal)
        .orElseThrow(() -> new AssertionError("no link to " + portal + " in the mail"));
  }

  /** Task {@code id} as demo client {@code clientId} reads it. */
  Task read(String clientId, String id) {
    return as(clientId).read().resource(Task.class).withId(id).execute();
  }

  /** Task {@code id}'s versions in the ledger, as {@code clientId} reads them, oldest first. */
  List<Task> history(String clientId, String id) {
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
  List<Task> children(String clientId, String parentId) {
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
  void cancelAsPractice(String taskId) {
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
   * The audit records, read as the operator, of the portal's calls refused with {@code refusal}
   * (the {@code link-refusal} detail) since {@code since}.
   */
  List<AuditEvent> linkRefusals(String refusal, Instant since) {
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

  private IGenericClient as(String clientId) {
    return clients.computeIfAbsent(
        clientId,
        id -> {
          IGenericClient client = fhir.newRestfulGenericClient(dev.endpoints().fhirBase());
          client.registerInterceptor(new BearerToken(tokens, id));
          return client;
        });
  }

  static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
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
    TestDatabase database = TestDatabase.create("links_" + service.replace('-', '_'));
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
