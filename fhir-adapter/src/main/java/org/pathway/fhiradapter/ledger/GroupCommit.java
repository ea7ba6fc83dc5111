package org.pathway.fhiradapter.ledger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pathway.fhiradapter.config.IntakeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: ledger writes that arrive together share one transaction, and each caller is
 * answered only after that transaction committed, so a 2xx still means durable while a burst of
 * referrals pays one commit (one WAL flush) and one batched insert per table instead of one each.
 *
 * <p>Committer threads take whatever is waiting (up to {@code max-batch}) as soon as they are free:
 * nothing waits for a batch to fill, so a lone request costs what it did alone. When the database
 * is unreachable or fails the commit, every caller in the batch gets {@link
 * LedgerUnavailableException} (503) and nothing of the batch is written. When one write is refused
 * or clashes (a repeated X-Request-ID, an identifier taken, a value too long), the batch is rolled
 * back and each write runs again alone, so every caller gets the answer it would have had alone; so
 * is a batch PostgreSQL rolled back to break a deadlock. A write submitted here must therefore be
 * repeatable and must not read back what it appended.
 */
@Singleton
public class GroupCommit {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
  private static final long POLL_MILLIS = 200;

  private final LedgerTransactions transactions;
  private final IntakeConfig config;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final List<Thread> committers = new ArrayList<>();
  private final DistributionSummary batchSizes;
  private volatile boolean running = true;

  public GroupCommit(LedgerTransactions transactions, IntakeConfig config, MeterRegistry meters) {
    this.transactions = transactions;
    this.config = config;
    this.batchSizes =
        DistributionSummary.builder("pathway.intake.batch.size")
            .description("referrals committed together in one ledger transaction")
            .register(meters);
    if (config.groupCommit()) {
      for (int i = 0; i < config.committers(); i++) {
        Thread t = new Thread(this::commitLoop, "intake-committer-" + i);
        t.setDaemon(true);
        t.start();
        committers.add(t);
      }
    }
  }

  /**
   * Runs {@code work} in a transaction shared with the writes waiting beside it; returns once that
   * transaction committed.
   *
   * @throws LedgerUnavailableException when the database cannot be reached or confirm the commit
   */
  public <T> T run(LedgerTransactions.Work<T> work) {
    if (!config.groupCommit() || !running) {
      return transactions.inTransaction(work);
    }
    Pending<T> pending = new Pending<>(work);
    queue.add(pending);
    return pending.await();
  }

  /** Writes waiting for a committer (for tests and meters). */
  public int waiting() {
    return queue.size();
  }

  private void commitLoop() {
    while (running || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Pending<?>> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, config.maxBatch() - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // commit() answers every caller itself; this only keeps the committer alive.
        LOG.error("intake committer failed", e);
      }
    }
  }

  private void commit(List<Pending<?>> batch) {
    batchSizes.record(batch.size());
    if (batch.size() == 1) {
      alone(batch.get(0));
      return;
    }
    List<Object> results;
    try {
      results =
          transactions.inGroupTransaction(
              tx -> {
                List<Object> out = new ArrayList<>(batch.size());
                for (Pending<?> p : batch) {
                  out.add(p.work.run(tx));
                }
                return out;
              });
    } catch (LedgerBusyException e) {
      // Rolled back to break a deadlock with another transaction (the writes of a batch take their
      // locks in arrival order): nothing was written, and alone each holds fewer locks.
      batch.forEach(this::alone);
      return;
    } catch (LedgerUnavailableException e) {
      batch.forEach(p -> p.fail(e));
      return;
    } catch (RuntimeException | Error e) {
      // One write was refused or clashed and took the batch with it: nothing was written, so each
      // runs again on its own and gets its own answer.
      batch.forEach(this::alone);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).succeed(results.get(i));
    }
  }

  private void alone(Pending<?> p) {
    try {
      p.succeed(transactions.inTransaction(p.work));
    } catch (RuntimeException | Error e) {
      p.fail(e);
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    // Writes already queued are committed and answered; new ones run alone.
    running = false;
    for (Thread t : committers) {
      t.join(10_000);
    }
    Pending<?> late;
    while ((late = queue.poll()) != null) {
      alone(late);
    }
  }

  /** One caller's write and the answer it waits for. */
  private static final class Pending<T> {
    final LedgerTransactions.Work<T> work;
    private final CompletableFuture<Object> answer = new CompletableFuture<>();

    Pending(LedgerTransactions.Work<T> work) {
      this.work = work;
    }

    void succeed(Object result) {
      answer.complete(result);
    }

    void fail(Throwable e) {
      answer.completeExceptionally(e);
    }

    @SuppressWarnings("unchecked")
    T await() {
      try {
        // Not interruptible: the write is already on its way, and the caller must learn its fate.
        return (T) answer.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }
  }
}
