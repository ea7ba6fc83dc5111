package org.pathway.reporting.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;

/**
 * The headers of every dashboard answer: scripts and styles from this origin only, no framing, no
 * caching of figures. Inline styles are allowed because ECharts positions its tooltip with them.
 */
@ServerFilter({"/dashboard", "/dashboard/**"})
public class DashboardHeaders {

  /** The headers, as set. */
  public static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
              + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
          "Referrer-Policy",
          "same-origin",
          "X-Frame-Options",
          "DENY",
          "X-Content-Type-Options",
          "nosniff");

  @ResponseFilter
  public void secure(HttpRequest<?> request, MutableHttpResponse<?> response) {
    HEADERS.forEach((name, value) -> response.getHeaders().set(name, value));
    if (!response.getHeaders().contains("Cache-Control")) {
      response.getHeaders().set("Cache-Control", "no-store");
    }
  }
}
