package org.pathway.fhiradapter.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.pathway.access.assertion.JdbcJtiStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forgets client-assertion jtis past their expiry, which could not be replayed anyway. */
@Singleton
@Requires(property = "pathway.access.enabled", notEquals = "false")
public class JtiPurge {

  private static final Logger LOG = LoggerFactory.getLogger(JtiPurge.class);

  private final JdbcJtiStore store;

  public JtiPurge(JdbcJtiStore store) {
    this.store = store;
  }

  @Scheduled(fixedDelay = "5m", initialDelay = "1m")
  void purge() {
    try {
      int purged = store.purgeExpired();
      LOG.debug("purged {} expired assertion jtis", purged);
    } catch (RuntimeException e) {
      // The next run tries again; a replay is still refused meanwhile (expired rows only).
      LOG.warn("could not purge expired assertion jtis: {}", e.getMessage());
    }
  }
}
