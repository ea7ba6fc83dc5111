package org.pathway.portal.support;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.SignedLink;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.FreePorts;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * Everything a portal page touches, real: a Kafka broker, a PostgreSQL database, the fhir-adapter
 * and the portal, each in a JVM of its own as in production, with the test clients and TEST-ONLY
 * link keys; the portal calls the adapter as the {@code portal} client.
 */
public final class Stack implements AutoCloseable {

  /** TEST-ONLY link keys, given to the adapter; tests sign links with them as the router would. */
  public static final String LINK_KEYS = "test-1:plWNt9_QD45gfWvWimvW8_F3P1tx2Z6M4zUHNAz5zRI";

  private final KafkaCluster kafka;
  private final TestDatabase db;
  private final ServiceJvm adapter;
  private final AdapterHop hop;
  private final ServiceJvm portal;
  private final int portalPort;
  private final int portalManagementPort;
  private final Ledger ledger;
  private final Referrals referrals;
  private final LinkSigner signer = new LinkSigner(LinkKeys.parse(LINK_KEYS));

  private Stack(
      KafkaCluster kafka,
      TestDatabase db,
      ServiceJvm adapter,
      AdapterHop hop,
      ServiceJvm portal,
      String base,
      int portalPort,
      int portalManagementPort) {
    this.kafka = kafka;
    this.db = db;
    this.adapter = adapter;
    this.hop = hop;
    this.portal = portal;
    this.portalPort = portalPort;
    this.portalManagementPort = portalManagementPort;
    this.ledger = new Ledger(base + "/fhir", base + "/oauth/token");
    this.referrals = new Referrals(ledger, kafka.bootstrapServers());
  }

  private static Stack shared;

  /**
   * One stack for every portal IT in this JVM (the adapter takes a while to start and the machine
   * is shared), stopped when the JVM ends.
   */
  public static synchronized Stack shared() throws Exception {
    if (shared == null) {
      shared = start();
      Stack started = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (Exception e) {
                      // The JVM is ending; a leftover temp database is dropped with the server.
                    }
                  }));
    }
    return shared;
  }

  /** Starts the stack; closing it stops the portal, the adapter, then the broker and database. */
  public static Stack start() throws Exception {
    return start(java.util.Map.of());
  }

  /**
   * Starts a stack whose adapter has {@code adapterEnv} besides the usual (e.g. another directory
   * feed and its mapping).
   */
  public static Stack start(java.util.Map<String, String> adapterEnv) throws Exception {
    KafkaCluster kafka = KafkaClusters.forTests();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    TestDatabase db = TestDatabase.create("portal_adapter");
    int fhirPort = FreePorts.next();
    int adapterManagement = FreePorts.next();
    String base = "http://127.0.0.1:" + fhirPort;
    ServiceJvm adapter =
        ServiceJvm.of("org.pathway.fhiradapter.Application")
            .classpathOf(Path.of("..", "fhir-adapter"))
            .name("fhir-adapter")
            .env("FHIR_PORT", Integer.toString(fhirPort))
            .env("FHIR_HOST", "127.0.0.1")
            .env("MANAGEMENT_PORT", Integer.toString(adapterManagement))
            .env("MANAGEMENT_HOST", "127.0.0.1")
            .env(db.environment())
            .env("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
            .env("PATHWAY_CLIENTS", resource("access/clients.yaml").toString())
            .env("PATHWAY_LINK_KEYS", LINK_KEYS)
            .env("PUBLIC_URL", base)
            .env("ACCESS_RATE_LIMIT", "100000")
            .env(adapterEnv)
            .log(Path.of("target", "portal-it-fhir-adapter.log"))
            .start();
    adapter.awaitReady(base + "/fhir/metadata", Duration.ofSeconds(120));
    // The portal reaches the adapter through a hop a test can hold a write at.
    AdapterHop hop = AdapterHop.to(base);
    int portalPort = FreePorts.next();
    int portalManagement = FreePorts.next();
    // The portal in a JVM of its own too, with the environment dev mode and production give it.
    ServiceJvm portal =
        ServiceJvm.of("org.pathway.portal.Application")
            .classpathOf(Path.of(""))
            .name("portal")
            .env("MICRONAUT_SERVER_PORT", Integer.toString(portalPort))
            .env("PORTAL_HOST", "127.0.0.1")
            .env("MANAGEMENT_PORT", Integer.toString(portalManagement))
            .env("FHIR_BASE_URL", hop.base() + "/fhir")
            .env("PORTAL_SIGNING_KEY", resource("access/keys/portal.json").toString())
            .env("PUBLIC_URL", base)
            .env("MANAGEMENT_JWKS_URI", base + "/oauth/jwks")
            .env("PATHWAY_CLIENTS", resource("access/clients.yaml").toString())
            // Every test's self-referral comes from 127.0.0.1: the limit is not what they test.
            .env("SELF_REFERRAL_PER_ADDRESS", "50")
            .log(Path.of("target", "portal-it-portal.log"))
            .start();
    portal.awaitReady(
        "http://127.0.0.1:" + portalManagement + "/health/readiness", Duration.ofSeconds(60));
    return new Stack(kafka, db, adapter, hop, portal, base, portalPort, portalManagement);
  }

  /** The portal's base URL, e.g. {@code http://127.0.0.1:34567}. */
  public String portalUrl() {
    return "http://127.0.0.1:" + portalPort;
  }

  /** The portal's management port. */
  public int portalManagementPort() {
    return portalManagementPort;
  }

  /** The portal's way to the adapter. */
  public AdapterHop hop() {
    return hop;
  }

  public Ledger ledger() {
    return ledger;
  }

  /** The adapter's database, for what only the ledger's own tables show (its audit). */
  public TestDatabase ledgerDatabase() {
    return db;
  }

  public Referrals referrals() {
    return referrals;
  }

  /** A link as the router mints it: issued now, expiring in 14 days. */
  public String link(String taskId, String recipient, LinkPurpose purpose) {
    Instant now = Instant.now();
    return link(taskId, recipient, purpose, now, now.plus(Duration.ofDays(14)));
  }

  /** A link with the given times (an expired one for the refusal tests). */
  public String link(
      String taskId, String recipient, LinkPurpose purpose, Instant issued, Instant expires) {
    return signer.sign(
        new SignedLink(UUID.randomUUID().toString(), taskId, recipient, purpose, issued, expires));
  }

  /** The URL a link opens: {@code {portal base}/l/{token}}. */
  public String url(String token) {
    return portalUrl() + "/l/" + token;
  }

  @Override
  public void close() throws Exception {
    try {
      referrals.close();
      portal.close();
      hop.close();
      adapter.close();
    } finally {
      try {
        kafka.close();
      } finally {
        db.close();
      }
    }
  }

  static Path resource(String name) {
    try {
      return Path.of(Stack.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
