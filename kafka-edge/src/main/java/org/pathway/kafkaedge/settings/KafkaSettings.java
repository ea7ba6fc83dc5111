package org.pathway.kafkaedge.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a service reaches Kafka: {@code pathway.kafka.*} in every service, the same environment
 * variables everywhere. Validated when it is built, with a message that names the setting; blank
 * optional settings count as absent, so {@code ${KAFKA_SASL_MECHANISM:}} in YAML means "none".
 *
 * @param bootstrapServers {@code host:port,...} of the cluster
 * @param clientId prefix of every client id this service uses ({@code <client-id>-<role>})
 * @param groupId the consumer group, where the service consumes
 * @param sessionTimeout how soon a crashed consumer's partitions move to another; Kafka's default
 *     when absent
 * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code
 *     SASL_SSL}; Kafka's default ({@code PLAINTEXT}) when absent
 * @param saslMechanism e.g. {@code SCRAM-SHA-512}; required with a SASL protocol
 * @param saslJaasConfig the login module line; required with a SASL protocol
 * @param sslTruststoreLocation trust store for the brokers' certificates (SSL protocols only)
 * @param sslTruststorePassword its password
 * @param sslKeystoreLocation key store for mutual TLS (SSL protocols only)
 * @param sslKeystorePassword its password
 */
@ConfigurationProperties(KafkaSettings.PREFIX)
public record KafkaSettings(
    String bootstrapServers,
    String clientId,
    @Nullable String groupId,
    @Nullable Duration sessionTimeout,
    @Nullable String securityProtocol,
    @Nullable String saslMechanism,
    @Nullable String saslJaasConfig,
    @Nullable String sslTruststoreLocation,
    @Nullable String sslTruststorePassword,
    @Nullable String sslKeystoreLocation,
    @Nullable String sslKeystorePassword) {

  /** Where these settings live in every service's configuration. */
  public static final String PREFIX = "pathway.kafka";

  /**
   * Each setting's key under {@link #PREFIX} and its environment variable, for messages and docs.
   */
  public static final Map<String, String> ENVIRONMENT = environment();

  private static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  public KafkaSettings {
    bootstrapServers = required("bootstrap-servers", bootstrapServers);
    clientId = required("client-id", clientId);
    groupId = blankToNull(groupId);
    securityProtocol = blankToNull(securityProtocol);
    saslMechanism = blankToNull(saslMechanism);
    saslJaasConfig = blankToNull(saslJaasConfig);
    sslTruststoreLocation = blankToNull(sslTruststoreLocation);
    sslTruststorePassword = blankToNull(sslTruststorePassword);
    sslKeystoreLocation = blankToNull(sslKeystoreLocation);
    sslKeystorePassword = blankToNull(sslKeystorePassword);
    if (sessionTimeout != null && (sessionTimeout.isNegative() || sessionTimeout.isZero())) {
      throw invalid("session-timeout", "must be positive, not " + sessionTimeout);
    }
    if (securityProtocol != null) {
      securityProtocol = securityProtocol.trim().toUpperCase(Locale.ROOT);
      if (!PROTOCOLS.contains(securityProtocol)) {
        throw invalid(
            "security-protocol",
            "must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, not " + securityProtocol);
      }
    }
    boolean sasl = securityProtocol != null && securityProtocol.startsWith("SASL_");
    boolean tls = "SSL".equals(securityProtocol) || "SASL_SSL".equals(securityProtocol);
    if (sasl && saslMechanism == null) {
      throw invalid("sasl-mechanism", "must be set with security protocol " + securityProtocol);
    }
    if (sasl && saslJaasConfig == null) {
      throw invalid("sasl-jaas-config", "must be set with security protocol " + securityProtocol);
    }
    // A setting that would be silently ignored is a mistake worth stopping for.
    if (!sasl && (saslMechanism != null || saslJaasConfig != null)) {
      throw invalid(
          saslMechanism != null ? "sasl-mechanism" : "sasl-jaas-config",
          "needs security protocol SASL_PLAINTEXT or SASL_SSL, not "
              + protocolName(securityProtocol));
    }
    if (!tls && (sslTruststoreLocation != null || sslKeystoreLocation != null)) {
      throw invalid(
          sslTruststoreLocation != null ? "ssl-truststore-location" : "ssl-keystore-location",
          "needs security protocol SSL or SASL_SSL, not " + protocolName(securityProtocol));
    }
  }

  /** Settings for a plaintext cluster: what dev mode and tests use. */
  public static KafkaSettings plaintext(String bootstrapServers, String clientId, String groupId) {
    return new KafkaSettings(
        bootstrapServers, clientId, groupId, null, null, null, null, null, null, null, null);
  }

  /** The same settings with another consumer group. */
  public KafkaSettings withGroupId(String group) {
    return new KafkaSettings(
        bootstrapServers,
        clientId,
        group,
        sessionTimeout,
        securityProtocol,
        saslMechanism,
        saslJaasConfig,
        sslTruststoreLocation,
        sslTruststorePassword,
        sslKeystoreLocation,
        sslKeystorePassword);
  }

  /** {@code pathway.kafka.<key> (<ENV>)}, the way every message names a setting. */
  public static String describe(String key) {
    String env = ENVIRONMENT.get(key);
    return PREFIX + "." + key + (env == null ? "" : " (" + env + ")");
  }

  // Secrets stay out of logs and exception messages.
  @Override
  public String toString() {
    return "KafkaSettings[bootstrapServers="
        + bootstrapServers
        + ", clientId="
        + clientId
        + ", groupId="
        + groupId
        + ", securityProtocol="
        + protocolName(securityProtocol)
        + ", saslMechanism="
        + saslMechanism
        + ", truststore="
        + sslTruststoreLocation
        + ", keystore="
        + sslKeystoreLocation
        + "]";
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");
    env.put("security-protocol", "KAFKA_SECURITY_PROTOCOL");
    env.put("sasl-mechanism", "KAFKA_SASL_MECHANISM");
    env.put("sasl-jaas-config", "KAFKA_SASL_JAAS_CONFIG");
    env.put("ssl-truststore-location", "KAFKA_SSL_TRUSTSTORE_LOCATION");
    env.put("ssl-truststore-password", "KAFKA_SSL_TRUSTSTORE_PASSWORD");
    env.put("ssl-keystore-location", "KAFKA_SSL_KEYSTORE_LOCATION");
    env.put("ssl-keystore-password", "KAFKA_SSL_KEYSTORE_PASSWORD");
    return java.util.Collections.unmodifiableMap(env);
  }

  private static String protocolName(String protocol) {
    return protocol == null ? "PLAINTEXT" : protocol;
  }

  private static String required(String key, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(key, "must not be blank");
    }
    return value.trim();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static IllegalArgumentException invalid(String key, String problem) {
    return new IllegalArgumentException(describe(key) + " " + problem);
  }
}
