package org.pathway.deploy.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How long dev mode keeps its copies of sent mail ({@code .eml} files under the data directory),
 * and their purge. Every purge that removed something is recorded in {@code retention-purge.log}
 * beside them: kind, count, cutoff, time; never a recipient or subject.
 *
 * @param period how long a copy is kept ({@code PATHWAY_DEV_MAIL_RETENTION}, an ISO-8601 duration
 *     or whole days such as {@code 7d}; default 7 days: demo mail is for watching a run, not for
 *     keeping)
 */
public record DevMailRetention(Duration period) {

  /** The purge log's file name, in the mail directory. */
  public static final String LOG = "retention-purge.log";

  public DevMailRetention {
    if (period == null || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException(
          "PATHWAY_DEV_MAIL_RETENTION must be a duration longer than zero, not " + period);
    }
  }

  /** Reads the period from {@code env}, 7 days when unset. */
  public static DevMailRetention from(Function<String, String> env) {
    String value = env.apply("PATHWAY_DEV_MAIL_RETENTION");
    if (value == null || value.isBlank()) {
      return new DevMailRetention(Duration.ofDays(7));
    }
    try {
      String v = value.trim();
      return new DevMailRetention(
          v.endsWith("d")
              ? Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)))
              : Duration.parse(v));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "PATHWAY_DEV_MAIL_RETENTION is '" + value + "', which is not a duration (e.g. 7d)", e);
    }
  }

  /**
   * Removes the copies in {@code mailDir} last written before {@code now} minus the period, and
   * records the purge; a repeat removes nothing more.
   *
   * @return the copies removed
   */
  public int purge(Path mailDir, Instant now) {
    Instant cutoff = now.minus(period);
    int removed = 0;
    try (Stream<Path> files = Files.list(mailDir)) {
      for (Path eml : files.filter(p -> p.toString().endsWith(".eml")).toList()) {
        if (Files.getLastModifiedTime(eml).toInstant().isBefore(cutoff)
            && Files.deleteIfExists(eml)) {
          removed++;
        }
      }
      if (removed > 0) {
        Files.write(
            mailDir.resolve(LOG),
            List.of("kind=dev-mail purged=" + removed + " cutoff=" + cutoff + " purged_at=" + now),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
