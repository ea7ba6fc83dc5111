package org.pathway.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.pathway.deploy.PathwayDev;

/**
 * Offers referrals at a constant rate to a running fhir-adapter: each a fresh copy of {@code
 * deploy/demo/referral.json} (the sample patient, so the NHS number is valid) posted as a
 * transaction Bundle to the FHIR base with the demo practice's bearer token, over at most {@code
 * connections} HTTP/1.1 connections, and timed from its intended start (see {@link ConstantRate}).
 */
public final class ReferralLoad {

  /**
   * Told of every referral once it is answered (status 0: no answer, refused or timed out), on the
   * load's own threads, so it should be quick.
   */
  public interface Listener {
    void sent(String correlationId, long intendedStartNanos, long answeredNanos, int status);

    /** A listener that does nothing. */
    Listener NONE = (correlationId, intendedStartNanos, answeredNanos, status) -> {};
  }

  /**
   * What a run did.
   *
   * @param sent referrals sent (every one answered or timed out)
   * @param ok answered 2xx
   * @param errors answered otherwise, or not at all
   * @param latencyMicros every referral's time from its intended start to its answer, errors too
   */
  public record Result(long sent, long ok, long errors, Histogram latencyMicros) {}

  private static final String SAMPLE_IDENTIFIER = "DEMO-0001";

  private final URI fhirBase;
  private final Supplier<String> authorization;
  private final ConstantRate driver;

  /**
   * @param authorization the {@code Authorization} header for each referral, e.g. the demo
   *     practice's bearer token held by {@code DevTokens} (fetched before the load starts; renewed
   *     only as it nears expiry)
   */
  public ReferralLoad(URI fhirBase, int connections, Supplier<String> authorization) {
    this.fhirBase = fhirBase;
    this.authorization = authorization;
    this.driver = new ConstantRate(connections, "referrals", System.out);
    Sample.TEMPLATE.length(); // read and check the sample now, not on the first due time
  }

  /**
   * Sends {@code ratePerSecond × duration} referrals, each at its intended time (the schedule is
   * fixed in advance, so there is no coordinated omission), each with a new ServiceRequest
   * identifier, X-Request-ID and X-Correlation-ID (a UUID). Blocks until all are answered or timed
   * out; prints a progress line every 5 seconds on runs of 10 seconds or more.
   */
  public Result run(double ratePerSecond, Duration duration, Listener listener) {
    return driver.run(ratePerSecond, duration, i -> referral(fhirBase, authorization), listener);
  }

  /**
   * One fresh referral for {@code fhirBase}: a new identifier, request id and correlation id, with
   * the {@code Authorization} header {@code authorization} gives.
   */
  static ConstantRate.Call referral(URI fhirBase, Supplier<String> authorization) {
    String correlationId = UUID.randomUUID().toString();
    String body = Sample.TEMPLATE.replace(SAMPLE_IDENTIFIER, "LOAD-" + UUID.randomUUID());
    HttpRequest request =
        ConstantRate.request(fhirBase)
            .header("Content-Type", "application/fhir+json")
            .header("Authorization", authorization.get())
            .header("X-Request-ID", UUID.randomUUID().toString())
            .header("X-Correlation-ID", correlationId)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return new ConstantRate.Call(request, correlationId);
  }

  /** The sample, read once. */
  private static final class Sample {
    static final String TEMPLATE = compactSample();
  }

  /** The sample without its indentation (what a GP system would send), checked to be usable. */
  private static String compactSample() {
    try {
      String text =
          Files.readString(PathwayDev.repositoryRoot().resolve("deploy/demo/referral.json"));
      String compact = new ObjectMapper().readTree(text).toString();
      int first = compact.indexOf('"' + SAMPLE_IDENTIFIER + '"');
      if (first < 0 || compact.indexOf('"' + SAMPLE_IDENTIFIER + '"', first + 1) >= 0) {
        throw new IllegalStateException(
            "deploy/demo/referral.json must hold the identifier "
                + SAMPLE_IDENTIFIER
                + " exactly once: the load replaces it in every copy");
      }
      return compact;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
