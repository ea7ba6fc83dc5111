package org.pathway.fhiradapter.ledger;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pathway.fhiradapter.ledger.store.InteractionRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interaction audit, written in batches off the request thread so a read does not cost a write:
 * records wait in a bounded queue that one thread drains every {@value #DRAIN_MILLIS} ms (or
 * {@value #BATCH} at a time) into {@code audit_event}. A full queue is written synchronously rather
 * than dropped; the queue is flushed on shutdown. Records still queued when the process is killed
 * are lost: the audit of reads is best-effort against kill -9, the ledger's own change audit is not
 * (it commits with each change).
 */
@Singleton
public class InteractionLog {

  private static final Logger LOG = LoggerFactory.getLogger(InteractionLog.class);
  static final int BATCH = 500;
  static final long DRAIN_MILLIS = 200;
  private static final int CAPACITY = 20_000;

  private final LedgerTransactions transactions;
  private final InteractionRows rows;
  private final BlockingQueue<InteractionRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Thread drainer;
  private volatile boolean running = true;
  // Records handed to record(), and those written (or given up on): flush waits for the first.
  private final AtomicLong accepted = new AtomicLong();
  private final Object progress = new Object();
  private long done; // guarded by progress

  public InteractionLog(LedgerTransactions transactions, InteractionRows rows) {
    this.transactions = transactions;
    this.rows = rows;
    this.drainer = new Thread(this::drainLoop, "audit-writer");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Queues {@code record}; writes it at once if the queue is full. */
  public void record(InteractionRecord record) {
    accepted.incrementAndGet();
    if (!queue.offer(record)) {
      write(List.of(record));
    }
  }

  /**
   * Writes everything recorded so far (shutdown, tests), including a batch the writer thread has
   * already taken from the queue and is about to write: returns once it is written, or after a few
   * seconds if the database cannot take it.
   */
  public void flush() {
    long recorded = accepted.get();
    List<InteractionRecord> batch = new ArrayList<>();
    while (queue.drainTo(batch, BATCH) > 0) {
      write(batch);
      batch = new ArrayList<>();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    synchronized (progress) {
      long left;
      while (done < recorded && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** One audit row, either kind. */
  public Optional<InteractionRecord> read(long id) {
    return transactions.inTransaction(tx -> rows.read(tx, id));
  }

  /** A page of the audit rows matching {@code q}, newest first. */
  public SearchPage<InteractionRecord> search(AuditQuery q) {
    return transactions.inTransaction(tx -> rows.search(tx, q));
  }

  private void drainLoop() {
    while (running) {
      try {
        InteractionRecord first = queue.poll(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        // Let the batch fill for the rest of the interval: one commit per interval, not per row.
        Thread.sleep(DRAIN_MILLIS);
        List<InteractionRecord> batch = new ArrayList<>(BATCH);
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void write(List<InteractionRecord> batch) {
    try {
      transactions.inTransaction(
          tx -> {
            rows.insert(tx, batch);
            return null;
          });
    } catch (RuntimeException | AssertionError e) {
      // The interaction was already answered; an unreachable database must not fail it twice, nor
      // end the writer. AssertionError: with assertions on (tests), the PostgreSQL driver asserts
      // instead of throwing when a connection is cut in the middle of a batch.
      LOG.warn("could not write {} audit records: {}", batch.size(), e.getMessage());
    } finally {
      synchronized (progress) {
        done += batch.size();
        progress.notifyAll();
      }
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    // No interrupt: the drainer may be inside a JDBC write; it notices within one interval.
    running = false;
    drainer.join(5_000);
    flush();
  }
}
