package org.pathway.reporting.export;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.pathway.reporting.journey.Journey;

/**
 * The export jobs of this instance, in memory: kicked off, run one at a time on a thread of their
 * own, polled, cancelled. Kept in memory on purpose: a job's files are pseudonymised extracts meant
 * to be fetched soon and deleted, not stored (no database for them); after a restart the evaluator
 * kicks off again and gets the same pseudonyms.
 */
public final class ExportJobs implements AutoCloseable {

  private final Map<String, ExportJob> jobs = new ConcurrentHashMap<>();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "reporting-export");
            t.setDaemon(true);
            return t;
          });
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final String secret;

  public ExportJobs(Clock clock, String secret) {
    this.clock = clock;
    this.secret = secret;
  }

  /** Starts a job reading {@code journeys}; answers it (running). */
  public ExportJob start(
      String clientId,
      String study,
      String request,
      ExportFiles.Format format,
      Supplier<java.util.List<Journey>> journeys) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    ExportJob running =
        new ExportJob(id, clientId, study, request, clock.instant(), format, null, null);
    jobs.put(id, running);
    worker.execute(
        () -> {
          ExportJob done;
          try {
            done =
                withFiles(
                    running,
                    ExportFiles.of(journeys.get(), new Pseudonyms(secret, study), format),
                    null);
          } catch (RuntimeException e) {
            done = withFiles(running, null, e.getMessage() == null ? e.toString() : e.getMessage());
          }
          // A job cancelled while running stays cancelled.
          jobs.replace(id, running, done);
        });
    return running;
  }

  /** The job {@code id} of {@code clientId}; another client's job is not found. */
  public Optional<ExportJob> find(String id, String clientId) {
    return Optional.ofNullable(jobs.get(id)).filter(j -> j.clientId().equals(clientId));
  }

  /** Cancels (and forgets) the job; whether there was one of this client's. */
  public boolean cancel(String id, String clientId) {
    return find(id, clientId).map(j -> jobs.remove(id, j)).orElse(false);
  }

  private static ExportJob withFiles(ExportJob j, Map<String, String> files, String error) {
    return new ExportJob(
        j.id(),
        j.clientId(),
        j.study(),
        j.request(),
        j.transactionTime(),
        j.format(),
        files,
        error);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
