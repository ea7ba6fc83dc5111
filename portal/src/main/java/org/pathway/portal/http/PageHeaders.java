package org.pathway.portal.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;

/**
 * The headers every answer on the pages' port carries. The link is in the URL, so no referrer may
 * leak it and no cache may keep the page; nothing may frame the page or load from elsewhere.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class PageHeaders {

  /** The headers, as set. */
  public static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
          "Referrer-Policy",
          "no-referrer",
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
