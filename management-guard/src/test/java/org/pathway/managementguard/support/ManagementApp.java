package org.pathway.managementguard.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * A management-only Micronaut app, configured as the services' {@code application.yml} configure
 * theirs: health (details to an authenticated principal only), liveness, readiness, Prometheus.
 */
public final class ManagementApp implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final EmbeddedServer server;

  public ManagementApp(Map<String, Object> extra) {
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", -1);
    p.put("endpoints.health.enabled", true);
    p.put("endpoints.health.sensitive", false);
    p.put("endpoints.health.details-visible", "AUTHENTICATED");
    p.put("endpoints.prometheus.enabled", true);
    p.put("endpoints.prometheus.sensitive", false);
    p.put("micronaut.metrics.enabled", true);
    p.put("micronaut.metrics.export.prometheus.enabled", true);
    p.putAll(extra);
    server = ApplicationContext.run(EmbeddedServer.class, p);
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  /** GET {@code path}, with {@code token} as bearer when not null. */
  public HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURI() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
  }
}
