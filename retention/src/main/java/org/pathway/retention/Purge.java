package org.pathway.retention;

import java.time.Instant;

/**
 * How a service removes or pseudonymises one batch of one kind of its data, and records that it
 * did, in one transaction; rows another instance holds are skipped, so instances may run at once.
 *
 * @param <K> the service's kinds of data
 */
@FunctionalInterface
public interface Purge<K> {

  /**
   * Purges at most {@code limit} records of {@code kind} older than {@code cutoff}.
   *
   * @param now when the run started, as the purge record says
   * @return how many were purged: fewer than {@code limit} means the kind is done
   */
  int purge(K kind, Instant cutoff, Instant now, int limit);
}
