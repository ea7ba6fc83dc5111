package org.pathway.reporting.export;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.pathway.reporting.journey.Journey;

/**
 * The export jobs of this instance, in memory: kicked off (one running at a time per evaluator),
 * run on a worker of their own, polled, cancelled, and forgotten once they have been finished for
 * {@code keep}. Kept in memory on purpose: a job's files are pseudonymised extracts meant to be
 * fetched soon and deleted, not stored (no database for them); after a restart the evaluator kicks
 * off again and gets the same pseudonyms.
 */
public final class ExportJobs implements AutoCloseable {

  /** The longest an expired job's files stay in memory when nobody calls. */
  private static final Duration SWEEP_AT_LEAST_EVERY = Duration.ofMinutes(1);

  private final Map<String, ExportJob> jobs = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final String secret;
  private final Duration keep;
  private final ExecutorService worker;
  private final ScheduledExecutorService sweeper;

  /** Jobs run one after another on a thread of their own. */
  public ExportJobs(Clock clock, String secret, Duration keep) {
    this(clock, secret, keep, Executors.newSingleThreadExecutor(daemon("reporting-export")));
  }

  /** Jobs run on {@code worker}, which this owns (and shuts down on close). */
  public ExportJobs(Clock clock, String secret, Duration keep, ExecutorService worker) {
    this.clock = clock;
    this.secret = secret;
    this.keep = keep;
    this.worker = worker;
    this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("reporting-export-sweep"));
    long every = Math.min(keep.toMillis(), SWEEP_AT_LEAST_EVERY.toMillis());
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts a job writing the files of {@code types} from {@code journeys}, unless this client's
   * earlier job is still running.
   */
  // Synchronized so that two kick-offs of one client at once cannot both see no running job.
  public synchronized KickOff start(
      String clientId,
      String study,
      String request,
      ExportFiles.Format format,
      Set<String> types,
      Supplier<List<Journey>> journeys) {
    Optional<ExportJob> running =
        jobs.values().stream().filter(j -> j.clientId().equals(clientId) && !j.done()).findFirst();
    if (running.isPresent()) {
      return new KickOff.Busy(running.get());
    }
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    ExportJob job =
        new ExportJob(id, clientId, study, request, clock.instant(), format, null, null, null);
    jobs.put(id, job);
    worker.execute(() -> run(job, types, journeys));
    return new KickOff.Started(job);
  }

  private void run(ExportJob job, Set<String> types, Supplier<List<Journey>> journeys) {
    if (jobs.get(job.id()) != job) {
      return; // cancelled while it waited for the worker: nothing to make
    }
    Map<String, String> files = null;
    String error = null;
    try {
      files =
          ExportFiles.of(journeys.get(), new Pseudonyms(secret, job.study()), job.format(), types);
    } catch (RuntimeException e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    // A job cancelled while running stays cancelled.
    jobs.replace(job.id(), job, job.finished(files, error, clock.instant().plus(keep)));
  }

  /** The job {@code id} of {@code clientId}; another client's job, or an expired one, is not. */
  public Optional<ExportJob> find(String id, String clientId) {
    return Optional.ofNullable(jobs.get(id))
        .filter(j -> j.clientId().equals(clientId))
        .filter(j -> !j.expiredAt(clock.instant()));
  }

  /** Cancels (and forgets) the job; whether there was one of this client's. */
  public boolean cancel(String id, String clientId) {
    return find(id, clientId).map(j -> jobs.remove(id, j)).orElse(false);
  }

  /** Forgets every job finished longer than {@code keep} ago, freeing its files. */
  public void sweep() {
    var now = clock.instant();
    jobs.values().removeIf(j -> j.expiredAt(now));
  }

  /** How many jobs are held (running, or finished and not yet forgotten). */
  public int held() {
    return jobs.size();
  }

  /** How long a finished job is kept. */
  public Duration keep() {
    return keep;
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    worker.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
