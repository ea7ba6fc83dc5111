package org.pathway.fhiradapter.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.pathway.fhiradapter.http.FhirServer;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.testsupport.database.TestDatabase;

/** The fhir-adapter running in this JVM on random ports against a given database and Kafka. */
public final class Adapter implements AutoCloseable {

  private final EmbeddedServer server;

  private Adapter(EmbeddedServer server) {
    this.server = server;
  }

  /** Starts the application; {@code extra} overrides any property. */
  public static Adapter start(TestDatabase db, String bootstrapServers, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("pathway.fhir.port", 0);
    props.put("pathway.fhir.host", "127.0.0.1");
    props.putAll(db.datasourceProperties());
    props.put("pathway.kafka.bootstrap-servers", bootstrapServers);
    props.put("pathway.outbox.idle-poll-ms", 100);
    props.put("pathway.metrics.lag-interval", "1s");
    props.putAll(extra);
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
    return new Adapter(server);
  }

  public static Adapter start(TestDatabase db, String bootstrapServers) {
    return start(db, bootstrapServers, Map.of());
  }

  /** The FHIR base URL, e.g. {@code http://127.0.0.1:34567/fhir}. */
  public String fhirBase() {
    return "http://127.0.0.1:"
        + server.getApplicationContext().getBean(FhirServer.class).port()
        + "/fhir";
  }

  /** Micronaut's own base URL (health, metrics, echo). */
  public String managementBase() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The ledger's reads (counts, searches) for assertions. */
  public LedgerReads ledger() {
    return server.getApplicationContext().getBean(LedgerReads.class);
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
  }
}
