package org.pathway.notifier.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.pathway.testsupport.database.TestDatabase;

/** Starts the notifier in this JVM on a random port with test settings. */
public final class NotifierApp {

  private NotifierApp() {}

  /** Settings every in-JVM test starts from: fast retries, the delivery log in {@code db}. */
  public static Map<String, Object> baseProperties(String bootstrap, TestDatabase db) {
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", -1);
    p.put("pathway.kafka.bootstrap-servers", bootstrap);
    p.put("pathway.kafka.group-id", "notifier-" + UUID.randomUUID());
    p.putAll(db.datasourceProperties());
    p.put("pathway.retry.initial-backoff", "200ms");
    p.put("pathway.retry.multiplier", "2.0");
    p.put("pathway.retry.max-backoff", "1s");
    p.put("pathway.retry.horizon", "1h");
    p.put("pathway.retry.lease", "10s");
    p.put("pathway.worker.poll-interval", "100ms");
    p.put("pathway.smtp.timeout", "3s");
    p.put("pathway.webhook.timeout", "2s");
    p.put("pathway.fhir.timeout", "2s");
    p.put("pathway.metrics.lag-interval", "1s");
    // The stand-in peers (webhook receiver, GP server) listen on plain http, as in dev mode.
    p.put("pathway.outbound.allow-http", true);
    return p;
  }

  public static EmbeddedServer start(Map<String, Object> properties) {
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }
}
