package org.pathway.fhiradapter.http;

import jakarta.inject.Singleton;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.pathway.fhiradapter.config.FhirServerConfig;

/**
 * The FHIR port, bound before anything is served: the default public URL (and so the token endpoint
 * every client assertion must name as {@code aud}) depends on the port, which is only known after
 * binding when configured as 0.
 */
@Singleton
public class FhirListener {

  private final Server jetty;
  private final ServerConnector connector;
  private final String host;

  public FhirListener(FhirServerConfig config) throws Exception {
    var pool = new QueuedThreadPool(config.maxThreads(), 8);
    pool.setName("fhir-http");
    jetty = new Server(pool);
    // No Server or X-Powered-By banner: a version tells an attacker which advisories to try.
    var http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // No per-connection header cache: every FHIR call carries a bearer token of several hundred
    // characters, which leaves the cache (1,024 characters) too full for the next header, so Jetty
    // cleared and refilled it on every request: 15-20 % of the JVM's samples under B1.
    http.setHeaderCacheSize(0);
    connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    jetty.addConnector(connector);
    connector.open();
    host = config.host();
  }

  /** The port bound (useful when configured as 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The interface listened on. */
  public String host() {
    return host;
  }

  Server jetty() {
    return jetty;
  }
}
