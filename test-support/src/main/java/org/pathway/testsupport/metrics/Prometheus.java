package org.pathway.testsupport.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Reads series from a running service's {@code /prometheus}, for the services' tests; knows when
 * kafka-meters' gauges (lag, dead letters) were last read from Kafka, so a stale value cannot pass.
 * The endpoint wants an operator's bearer token (management-guard): each test mints one its own way
 * and passes it in.
 */
public final class Prometheus {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Prometheus() {}

  /** The text exposition of the application at {@code base}, asked with {@code operatorToken}. */
  public static String scrape(URI base, String operatorToken)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/prometheus"))
                .header("Authorization", "Bearer " + operatorToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("/prometheus answered " + response.statusCode());
    }
    return response.body();
  }

  /**
   * The text exposition of the application at {@code base}, provided its Kafka gauges (lag, dead
   * letters) were read from Kafka after {@code since} ({@link System#nanoTime()}); fails otherwise,
   * for an {@code untilAsserted} to try again. The gauges are read on an interval, so without this
   * a value read before the test wrote anything could pass for the answer.
   */
  public static String scrapeReadAfter(URI base, String operatorToken, long since)
      throws IOException, InterruptedException {
    long asked = System.nanoTime();
    String body = scrape(base, operatorToken);
    double age = sample(body, "pathway_kafka_offsets_age_seconds");
    if (age >= (asked - since) / 1e9) {
      throw new AssertionError("Kafka gauges last read " + age + " s ago, before the test wrote");
    }
    return body;
  }

  /**
   * The value of one series, e.g. {@code pathway_dead_letters{topic="pathway.router.dlq"}}; fails
   * if the series is absent.
   */
  public static double sample(String body, String series) {
    return body.lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + series + " in /prometheus"));
  }
}
