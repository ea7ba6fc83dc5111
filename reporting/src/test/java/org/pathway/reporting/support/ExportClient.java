package org.pathway.reporting.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A Bulk Data client of reporting's export, over real HTTP: kick off, poll, fetch, cancel. */
public final class ExportClient {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public ExportClient(String base) {
    this.base = base;
  }

  /** {@code GET /fhir/$export?query} with {@code Prefer: respond-async}, as {@code token}. */
  public HttpResponse<String> kickOff(String token, String query) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/fhir/$export?" + query))
            .header("Prefer", "respond-async")
            .GET(),
        token);
  }

  /** {@code GET url} as {@code token}. */
  public HttpResponse<String> get(String url, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
  }

  /** Polls the status URL until it answers other than 202; that answer. */
  public HttpResponse<String> awaitDone(String status, String token) {
    @SuppressWarnings("unchecked")
    HttpResponse<String>[] done = new HttpResponse[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              HttpResponse<String> r = get(status, token);
              done[0] = r;
              return r.statusCode() != 202;
            });
    return done[0];
  }

  /** Kicks off (expecting 202) and answers the status URL. */
  public String started(String token, String query) throws Exception {
    HttpResponse<String> kick = kickOff(token, query);
    assertThat(kick.statusCode()).as(kick.body()).isEqualTo(202);
    return kick.headers().firstValue("Content-Location").orElseThrow();
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
    return http.send(
        b.header("Accept", "application/fhir+json")
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
