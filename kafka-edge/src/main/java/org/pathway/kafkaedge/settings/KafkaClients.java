package org.pathway.kafkaedge.settings;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The one place that turns {@link KafkaSettings} into producer, consumer and admin client configs,
 * with Pathway's defaults. Every client of every service gets its config here, so connection and
 * security settings (SASL, TLS) reach all of them. Each method returns a fresh mutable map: the
 * call site adds what is particular to it (batching, timeouts) and nothing about the connection.
 */
@Singleton
public final class KafkaClients {

  private final KafkaSettings settings;

  public KafkaClients(KafkaSettings settings) {
    this.settings = settings;
  }

  public KafkaSettings settings() {
    return settings;
  }

  /** {@code <client-id>-<role>}: which service and which of its clients, in broker logs. */
  public String clientId(String role) {
    return settings.clientId() + "-" + role;
  }

  /** Acknowledged by every in-sync replica, idempotent: a retry never writes a record twice. */
  public Map<String, Object> producer(String role) {
    Map<String, Object> config = common(role);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  /**
   * A {@link #producer} whose writes are atomic with consumer offsets.
   *
   * @param transactionalId unique per producer and stable across the process's restarts, so a
   *     restart fences its predecessor and aborts what it left open
   */
  public Map<String, Object> transactionalProducer(String role, String transactionalId) {
    Map<String, Object> config = producer(role);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return config;
  }

  /** A consumer of the configured {@code pathway.kafka.group-id}. */
  public Map<String, Object> consumer(String role) {
    if (settings.groupId() == null) {
      throw new IllegalStateException(
          KafkaSettings.describe("group-id") + " must be set to consume");
    }
    return consumer(role, settings.groupId());
  }

  /**
   * A consumer of {@code groupId} that commits only when told (after the work is durable), starts a
   * new group at the beginning, and never sees records of aborted transactions.
   */
  public Map<String, Object> consumer(String role, String groupId) {
    Map<String, Object> config = common(role);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Duration session = settings.sessionTimeout();
    if (session != null) {
      config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session.toMillis());
      // Kafka's advice: heartbeat at a third of the session timeout or more often.
      config.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, session.toMillis() / 3));
    }
    return config;
  }

  /** An admin client: topic creation, offsets for metrics, health checks. */
  public Map<String, Object> admin(String role) {
    return common(role);
  }

  private Map<String, Object> common(String role) {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(role));
    config.putAll(security());
    return config;
  }

  private Map<String, Object> security() {
    Map<String, Object> config = new HashMap<>();
    putIfSet(config, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, settings.securityProtocol());
    putIfSet(config, SaslConfigs.SASL_MECHANISM, settings.saslMechanism());
    putIfSet(config, SaslConfigs.SASL_JAAS_CONFIG, settings.saslJaasConfig());
    putIfSet(config, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, settings.sslTruststoreLocation());
    putIfSet(config, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, settings.sslTruststorePassword());
    putIfSet(config, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, settings.sslKeystoreLocation());
    putIfSet(config, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, settings.sslKeystorePassword());
    return config;
  }

  private static void putIfSet(Map<String, Object> config, String key, String value) {
    if (value != null) {
      config.put(key, value);
    }
  }
}
