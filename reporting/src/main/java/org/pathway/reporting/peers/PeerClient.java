package org.pathway.reporting.peers;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.pathway.reporting.config.PeersConfig;
import org.pathway.reporting.streams.JourneyStreams.NotReadyException;

/** Asks another reporting instance for the journeys it holds ({@code GET /peer/journeys}). */
@Singleton
public class PeerClient {

  /** The path every instance answers on. */
  public static final String PATH = "/peer/journeys";

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final PeersConfig config;
  private final Clock clock;

  public PeerClient(PeersConfig config) {
    this(config, Clock.systemUTC());
  }

  PeerClient(PeersConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /**
   * What {@code address} ({@code host:port}) holds.
   *
   * @throws NotReadyException when it does not answer with its journeys
   */
  public PeerAnswer fetch(String address) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address + PATH))
            .timeout(TIMEOUT)
            .header(
                PeerSignature.HEADER,
                new PeerSignature(config.secret()).sign(PATH, clock.instant()))
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw NotReadyException.because(
          "the reporting instance at " + address + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw NotReadyException.because("interrupted asking " + address);
    }
    if (response.statusCode() != 200) {
      throw NotReadyException.because(
          "the reporting instance at " + address + " answered " + response.statusCode());
    }
    try {
      return PeerAnswer.read(
          response.headers().firstValue(PeerAnswer.PARTITIONS).orElse(null), response.body());
    } catch (IllegalArgumentException e) {
      throw NotReadyException.because(e.getMessage());
    }
  }
}
