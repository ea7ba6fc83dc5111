package org.pathway.localkafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.utils.Time;

/**
 * One Apache Kafka node in KRaft combined mode (broker and controller), running in this JVM from
 * the {@code kafka_2.13} artifact on Maven Central. It is the real broker, with a real log on disk:
 * data written before a restart on the same directory is still there after it.
 */
public final class KraftBroker implements KafkaCluster {

  private static final String CLUSTER_ID_FILE = "pathway-cluster-id";
  private static final String SECURED_MARKER = "pathway-secured";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  // Null for a plaintext node.
  private final BrokerSecurity security;
  // Null without a SASL_SSL listener.
  private final String tlsBootstrapServers;
  private final SelfSignedStores stores;

  private KraftBroker(
      KafkaRaftServer server,
      String bootstrapServers,
      Path dataDir,
      BrokerSecurity security,
      String tlsBootstrapServers,
      SelfSignedStores stores) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.security = security;
    this.tlsBootstrapServers = tlsBootstrapServers;
    this.stores = stores;
  }

  /**
   * Starts a plaintext node whose log lives in {@code dataDir}, formatting the directory on first
   * use.
   *
   * @param brokerPort the client port, or 0 for a free one
   * @param overrides broker settings that replace the single-node defaults
   */
  public static KraftBroker start(Path dataDir, int brokerPort, Map<String, String> overrides) {
    return start(dataDir, brokerPort, overrides, null);
  }

  /**
   * Starts a node that authenticates every client (SCRAM-SHA-512 on SASL_PLAINTEXT at {@link
   * #bootstrapServers()}, and on SASL_SSL at {@link #tlsBootstrapServers()} when asked) and
   * authorises every request by ACL; then creates {@code security}'s users and ACLs. A directory
   * must be secured from its first start: the admin's credential is written when it is formatted.
   *
   * @param brokerPort the SASL_PLAINTEXT port, or 0 for a free one
   */
  public static KraftBroker startSecured(Path dataDir, int brokerPort, BrokerSecurity security) {
    return start(dataDir, brokerPort, Map.of(), security);
  }

  /** Starts a throw-away plaintext node on free ports with its log in a fresh directory. */
  public static KraftBroker startTemporary() {
    return start(temporaryDirectory(), 0, Map.of());
  }

  /** As {@link #startSecured}, on free ports with its log in a fresh temporary directory. */
  public static KraftBroker startTemporarySecured(BrokerSecurity security) {
    return startSecured(temporaryDirectory(), 0, security);
  }

  private static KraftBroker start(
      Path dataDir, int brokerPort, Map<String, String> overrides, BrokerSecurity security) {
    int port = brokerPort == 0 ? FreePorts.next() : brokerPort;
    int controllerPort = FreePorts.next();
    Properties props = singleNodeDefaults(dataDir, port, controllerPort);
    SelfSignedStores stores = null;
    String tlsBootstrap = null;
    if (security != null) {
      int tlsPort = 0;
      if (security.tls()) {
        stores = SelfSignedStores.generate(temporaryDirectory());
        tlsPort = FreePorts.next();
        tlsBootstrap = "127.0.0.1:" + tlsPort;
      }
      SecuredListeners.apply(props, security, port, tlsPort, controllerPort, stores);
    }
    props.putAll(overrides);
    format(dataDir, props, security);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    var broker =
        new KraftBroker(server, "127.0.0.1:" + port, dataDir, security, tlsBootstrap, stores);
    if (security != null) {
      try (Admin admin = Admin.create(broker.adminConfig())) {
        AccessGrants.createUsers(admin, security.users());
        AccessGrants.grant(admin, security.acls());
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
    }
    return broker;
  }

  /** Creates or replaces SCRAM users of this secured node; returns once the node knows them. */
  public void createUsers(Collection<ScramUser> users) {
    try (Admin admin = Admin.create(adminConfig())) {
      AccessGrants.createUsers(admin, users);
    }
  }

  /** Adds ACLs on this secured node; returns once the node enforces them. */
  public void grant(Collection<AclBinding> acls) {
    try (Admin admin = Admin.create(adminConfig())) {
      AccessGrants.grant(admin, acls);
    }
  }

  /** The super user's client settings on a secured node; the plain ones otherwise. */
  @Override
  public Map<String, Object> adminConfig() {
    return security == null
        ? KafkaCluster.super.adminConfig()
        : SecuredListeners.saslClient(bootstrapServers, security.admin());
  }

  /** The settings a client needs to log in as {@code user} on SASL_PLAINTEXT. */
  public Map<String, Object> clientConfig(ScramUser user) {
    secured();
    return SecuredListeners.saslClient(bootstrapServers, user);
  }

  /** The settings a client needs to log in as {@code user} on SASL_SSL. */
  public Map<String, Object> tlsClientConfig(ScramUser user) {
    return SecuredListeners.tlsClient(tlsBootstrapServers(), user, stores);
  }

  /** The SASL_SSL listener's address, on a node started {@link BrokerSecurity#withTls()}. */
  public String tlsBootstrapServers() {
    if (tlsBootstrapServers == null) {
      throw new IllegalStateException("this broker has no SASL_SSL listener");
    }
    return tlsBootstrapServers;
  }

  /** The PKCS12 trust store holding the SASL_SSL listener's self-signed certificate. */
  public Path trustStore() {
    tlsBootstrapServers();
    return stores.trustStore();
  }

  /** The trust store's password. */
  public String trustStorePassword() {
    tlsBootstrapServers();
    return stores.password();
  }

  private void secured() {
    if (security == null) {
      throw new IllegalStateException("this broker is not secured; it has no users");
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("pathway-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public String description() {
    return "in-process Kafka KRaft broker at "
        + bootstrapServers
        + (security == null ? "" : " (SASL_PLAINTEXT, SCRAM-SHA-512, ACLs on)")
        + (tlsBootstrapServers == null ? "" : " and " + tlsBootstrapServers + " (SASL_SSL)")
        + ", data in "
        + dataDir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (stores != null) {
      stores.delete();
    }
  }

  private static Properties singleNodeDefaults(Path dataDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    // One node: internal topics cannot be replicated, and a small offsets topic starts faster.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics come from the catalogue; a typo in a topic name must fail, not create a new topic.
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  /**
   * Formats the log directory like {@code kafka-storage.sh format}, once; later starts reuse it.
   */
  private static void format(Path dataDir, Properties props, BrokerSecurity security) {
    try {
      Files.createDirectories(dataDir);
      boolean formatted = Files.exists(dataDir.resolve("meta.properties"));
      Path securedMarker = dataDir.resolve(SECURED_MARKER);
      if (security != null && formatted && !Files.exists(securedMarker)) {
        throw new IllegalStateException(
            dataDir
                + " was formatted without security, so it holds no admin credential to secure it"
                + " with; use a fresh directory");
      }
      Path idFile = dataDir.resolve(CLUSTER_ID_FILE);
      if (!Files.exists(idFile)) {
        Files.writeString(idFile, Uuid.randomUuid().toString());
      }
      String clusterId = Files.readString(idFile).trim();
      Path config = Files.createTempFile("kraft-", ".properties");
      try (var out = Files.newOutputStream(config)) {
        props.store(out, "generated by Pathway local-kafka");
      }
      List<String> args =
          new ArrayList<>(
              List.of(
                  "format",
                  "--config",
                  config.toString(),
                  "--cluster-id",
                  clusterId,
                  "--ignore-formatted"));
      if (security != null) {
        // The node logs in to itself as the admin, so its credential must exist before it starts.
        ScramUser admin = security.admin();
        args.add("--add-scram");
        args.add(
            ScramUser.MECHANISM + "=[name=" + admin.name() + ",password=" + admin.password() + "]");
      }
      var log = new ByteArrayOutputStream();
      int rc =
          StorageTool.execute(
              args.toArray(String[]::new), new PrintStream(log, true, StandardCharsets.UTF_8));
      Files.deleteIfExists(config);
      if (rc != 0) {
        throw new IllegalStateException(
            "formatting " + dataDir + " failed: " + log.toString(StandardCharsets.UTF_8));
      }
      if (security != null && !formatted) {
        Files.writeString(securedMarker, "formatted with a SCRAM admin credential");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
