package org.pathway.directory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the feed comes from: {@code classpath:}, a file path, or an HSDS API base URL ({@code
 * http(s)://.../services}). URL reads ask only for changes ({@code modified_after}) and walk the
 * pages; file reads filter by {@code last_modified} the same way, so both refresh incrementally. A
 * record that cannot be read is skipped, logged with its id and reason and counted on {@value
 * #SKIPPED_METER}; the rest of the feed loads.
 */
public final class HsdsFeedSource {

  private static final Logger LOG = LoggerFactory.getLogger(HsdsFeedSource.class);

  /** The counter of feed records skipped because they could not be read. */
  public static final String SKIPPED_METER = "pathway.directory.records.skipped";

  private final String location;
  private final HsdsFeedReader reader;
  private final HttpClient http;
  private final Counter skipped;

  /** A feed read without an operator mapping, its skipped records counted nowhere shared. */
  public HsdsFeedSource(String location) {
    this(location, DirectoryMapping.NONE, new SimpleMeterRegistry());
  }

  public HsdsFeedSource(String location, DirectoryMapping mapping, MeterRegistry meters) {
    this.reader = new HsdsFeedReader(mapping);
    this.skipped =
        Counter.builder(SKIPPED_METER)
            .description("directory feed records skipped because they could not be read")
            .register(meters);
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("the directory feed location is empty");
    }
    this.location = location.trim();
    this.http =
        isHttp() ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build() : null;
  }

  public String location() {
    return location;
  }

  /**
   * Pulls the changes since {@code directory}'s latest into it. A feed that cannot be read keeps
   * the last good snapshot (stale is better than no directory): logged, and false returned.
   */
  public boolean refresh(Directory directory) {
    try {
      FeedPage change = changesSince(directory.lastModified().orElse(null));
      directory.apply(change);
      if (!change.entries().isEmpty() || !change.removedIds().isEmpty()) {
        LOG.info(
            "directory refreshed from {}: {} changed, {} removed",
            location,
            change.entries().size(),
            change.removedIds().size());
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warn("directory refresh from {} failed; keeping the last snapshot", location, e);
      return false;
    }
  }

  /** Everything changed after {@code modifiedAfter} (everything when null). */
  public FeedPage changesSince(Instant modifiedAfter) {
    FeedPage change;
    try {
      if (isHttp()) {
        change = fetchPages(modifiedAfter);
      } else {
        try (InputStream in = open()) {
          change = reader.read(in, modifiedAfter).change();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read directory feed " + location, e);
    }
    for (SkippedRecord record : change.skipped()) {
      LOG.warn(
          "directory feed {}: record {} skipped: {}", location, record.record(), record.reason());
      skipped.increment();
    }
    return change;
  }

  private FeedPage fetchPages(Instant modifiedAfter) throws IOException {
    List<DirectoryEntry> entries = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<SkippedRecord> skippedRecords = new ArrayList<>();
    int page = 1;
    int totalPages = 1;
    do {
      StringBuilder uri = new StringBuilder(location);
      uri.append(location.contains("?") ? '&' : '?').append("page=").append(page);
      if (modifiedAfter != null) {
        uri.append("&modified_after=")
            .append(URLEncoder.encode(modifiedAfter.toString(), StandardCharsets.UTF_8));
      }
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(uri.toString()))
              .timeout(Duration.ofSeconds(30))
              .header("Accept", "application/json")
              .GET()
              .build();
      HttpResponse<InputStream> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted fetching " + uri, e);
      }
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        HsdsFeedReader.Page read = reader.read(body, modifiedAfter);
        entries.addAll(read.change().entries());
        removed.addAll(read.change().removedIds());
        skippedRecords.addAll(read.change().skipped());
        totalPages = read.totalPages();
      }
      page++;
    } while (page <= totalPages);
    return new FeedPage(entries, removed, skippedRecords);
  }

  private InputStream open() throws IOException {
    if (location.startsWith("classpath:")) {
      String name = location.substring("classpath:".length()).replaceFirst("^/", "");
      InputStream in = HsdsFeedSource.class.getClassLoader().getResourceAsStream(name);
      if (in == null) {
        throw new IOException("no classpath resource " + name);
      }
      return in;
    }
    String path = location.startsWith("file:") ? URI.create(location).getPath() : location;
    return Files.newInputStream(Path.of(path));
  }

  private boolean isHttp() {
    return location.startsWith("http://") || location.startsWith("https://");
  }
}
