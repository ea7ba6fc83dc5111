package org.pathway.localkafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The broker settings of a secured node, and the client settings that reach it. Clients use SCRAM
 * on SASL_PLAINTEXT (and SASL_SSL with TLS); the node talks to itself over SASL_PLAINTEXT as the
 * admin; the controller listener takes only the admin, by SASL PLAIN, whose password lives in the
 * broker's own settings (SCRAM credentials live in the metadata the controller serves, so they
 * cannot guard the way to it).
 */
final class SecuredListeners {

  static final String SASL_LISTENER = "SASL_PLAINTEXT";
  static final String TLS_LISTENER = "SASL_SSL";
  private static final String AUTHORIZER =
      "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
  private static final String PLAIN_MODULE =
      "org.apache.kafka.common.security.plain.PlainLoginModule";

  private SecuredListeners() {}

  /**
   * Replaces the listener settings of {@code p} with secured ones.
   *
   * @param tlsPort the SASL_SSL port; used only when {@code stores} is not null
   */
  static void apply(
      Properties p,
      BrokerSecurity security,
      int saslPort,
      int tlsPort,
      int controllerPort,
      SelfSignedStores stores) {
    String sasl = SASL_LISTENER + "://127.0.0.1:" + saslPort;
    String tls = stores == null ? "" : "," + TLS_LISTENER + "://127.0.0.1:" + tlsPort;
    p.put("listeners", sasl + tls + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", sasl + tls);
    p.put(
        "listener.security.protocol.map",
        "SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
    p.put("inter.broker.listener.name", SASL_LISTENER);
    p.put("sasl.mechanism.inter.broker.protocol", ScramUser.MECHANISM);
    p.put("sasl.enabled.mechanisms", ScramUser.MECHANISM);
    String scramJaas = "listener.name.%s.scram-sha-512.sasl.jaas.config";
    // The node's own client side of the inter-broker listener logs in as the admin.
    p.put(scramJaas.formatted("sasl_plaintext"), security.admin().jaasConfig());
    p.put(
        scramJaas.formatted("sasl_ssl"),
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");

    ScramUser admin = security.admin();
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    p.put(
        "listener.name.controller.plain.sasl.jaas.config",
        PLAIN_MODULE
            + " required username=\"%s\" password=\"%s\" user_%s=\"%s\";"
                .formatted(admin.name(), admin.password(), admin.name(), admin.password()));

    p.put("authorizer.class.name", AUTHORIZER);
    p.put("super.users", admin.principal());
    p.put("allow.everyone.if.no.acl.found", "false");

    if (stores != null) {
      String prefix = "listener.name.sasl_ssl.";
      p.put(prefix + SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
      p.put(prefix + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, stores.keyStore().toString());
      p.put(prefix + SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, stores.password());
      p.put(prefix + SslConfigs.SSL_KEY_PASSWORD_CONFIG, stores.password());
    }
  }

  /** What a client needs to log in as {@code user} on SASL_PLAINTEXT at {@code bootstrap}. */
  static Map<String, Object> saslClient(String bootstrap, ScramUser user) {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SASL_LISTENER);
    config.put(SaslConfigs.SASL_MECHANISM, ScramUser.MECHANISM);
    config.put(SaslConfigs.SASL_JAAS_CONFIG, user.jaasConfig());
    return config;
  }

  /** As {@link #saslClient}, over TLS, trusting the node's self-signed certificate. */
  static Map<String, Object> tlsClient(String bootstrap, ScramUser user, SelfSignedStores stores) {
    Map<String, Object> config = saslClient(bootstrap, user);
    config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, TLS_LISTENER);
    config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, stores.trustStore().toString());
    config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, stores.password());
    return config;
  }
}
