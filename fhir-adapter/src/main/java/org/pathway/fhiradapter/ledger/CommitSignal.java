package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes this replica's outbox relay when a transaction with outbox rows committed, so it need not
 * poll hard; other replicas' commits arrive through {@link
 * org.pathway.fhiradapter.ledger.store.OutboxNotices}.
 */
@Singleton
public class CommitSignal {

  private final Semaphore permits = new Semaphore(0);

  /** Called after a commit that wrote outbox rows. */
  public void committed() {
    if (permits.availablePermits() == 0) {
      permits.release();
    }
  }

  /** Waits until the next commit or the timeout; clears pending signals. */
  public void await(long millis) throws InterruptedException {
    if (permits.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
      permits.drainPermits();
    }
  }
}
