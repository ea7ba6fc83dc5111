package org.pathway.fhiradapter.support;

import java.time.Duration;
import org.pathway.fhiradapter.config.OutboxConfig;
import org.pathway.fhiradapter.ledger.CommitSignal;
import org.pathway.fhiradapter.ledger.LedgerTransactions;
import org.pathway.fhiradapter.ledger.OutboxStore;
import org.pathway.fhiradapter.ledger.store.OutboxNotices;
import org.pathway.fhiradapter.ledger.store.OutboxRows;
import org.pathway.fhiradapter.ledger.store.RelayLock;
import org.pathway.fhiradapter.outbox.OutboxRelay;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.testsupport.database.TestDatabase;

/**
 * An outbox relay as another adapter replica runs it over a test's adapter's ledger: a lock session
 * and a listening session of its own, woken by the {@link CommitSignal} it is given (the adapter's
 * own, as in the same replica; a new one, as in another JVM).
 */
public record ReplicaRelay(
    OutboxRelay relay, CommitSignal signal, RelayLock lock, OutboxNotices notices) {

  /** Starts the relay's thread; it takes the lead if no other relay holds it. */
  public static ReplicaRelay start(
      Adapter adapter, TestDatabase db, CommitSignal signal, OutboxConfig config) {
    var ctx = adapter.context();
    RelayLock lock = new RelayLock(db.url(), db.username(), db.password());
    OutboxNotices notices = new OutboxNotices(db.url(), db.username(), db.password(), lock);
    OutboxStore store =
        new OutboxStore(
            ctx.getBean(LedgerTransactions.class),
            ctx.getBean(OutboxRows.class),
            lock,
            notices,
            signal);
    return new ReplicaRelay(
        new OutboxRelay(store, signal, ctx.getBean(KafkaClients.class), config),
        signal,
        lock,
        notices);
  }

  /** The adapter's relay settings with another batch size and idle poll. */
  public static OutboxConfig settings(Adapter adapter, int batchSize, Duration idlePoll) {
    OutboxConfig config = adapter.context().getBean(OutboxConfig.class);
    return new OutboxConfig(true, batchSize, config.linger(), idlePoll);
  }

  /** As a replica's shutdown does it: the relay's thread, then its sessions. */
  public void stop() throws InterruptedException {
    relay.stop();
    notices.close();
    lock.close();
  }
}
