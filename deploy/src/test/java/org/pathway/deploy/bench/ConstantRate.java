package org.pathway.deploy.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * An open-loop constant-rate HTTP driver: request {@code i} is due at {@code t0 + i / rate}, fixed
 * before the first is sent, and its latency is measured from that due time, so a server that stalls
 * is charged for every request it delayed (no coordinated omission). At most {@code connections}
 * requests are in flight; when all are busy the next one starts late and its latency includes the
 * wait.
 */
final class ConstantRate {

  /** One request to send and the correlation id it carries (reported to the listener). */
  record Call(HttpRequest request, String correlationId) {}

  /** Requests answered within this are counted; later ones are errors (status 0). */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final HttpClient client;
  private final int connections;
  private final String label;
  private final PrintStream progress;

  ConstantRate(int connections, String label, PrintStream progress) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.connections = connections;
    this.label = label;
    this.progress = progress;
  }

  ReferralLoad.Result run(
      double ratePerSecond,
      Duration duration,
      LongFunction<Call> calls,
      ReferralLoad.Listener listener) {
    if (ratePerSecond <= 0 || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("rate and duration must be positive");
    }
    long total = Math.round(ratePerSecond * duration.toNanos() / 1e9);
    double intervalNanos = 1e9 / ratePerSecond;
    var latency = new ConcurrentHistogram(3);
    AtomicLong next = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    // A short lead so every worker is parked before the first due time.
    long t0 = System.nanoTime() + 50_000_000L;

    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, label + "-progress");
              t.setDaemon(true);
              return t;
            });
    if (duration.compareTo(PROGRESS_EVERY.multipliedBy(2)) >= 0) {
      ticker.scheduleAtFixedRate(
          () ->
              progress.printf(
                  "  [%s] %3.0f s: due %d, answered %d (ok %d, errors %d), p99 so far %.1f ms%n",
                  label,
                  (System.nanoTime() - t0) / 1e9,
                  Math.min(total, (long) ((System.nanoTime() - t0) / intervalNanos) + 1),
                  answered.get(),
                  ok.get(),
                  errors.get(),
                  latency.getValueAtPercentile(99) / 1000.0),
          PROGRESS_EVERY.toMillis(),
          PROGRESS_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread worker =
          new Thread(
              () -> {
                long i;
                while ((i = next.getAndIncrement()) < total) {
                  long due = t0 + (long) (i * intervalNanos);
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  Call call = calls.apply(i);
                  int status;
                  try {
                    status =
                        client
                            .send(call.request(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  } catch (Exception e) {
                    status = 0; // no answer: refused, reset or timed out
                  }
                  long answeredAt = System.nanoTime();
                  latency.recordValue(Math.max(0, (answeredAt - due) / 1000));
                  answered.incrementAndGet();
                  if (status / 100 == 2) {
                    ok.incrementAndGet();
                  } else {
                    errors.incrementAndGet();
                  }
                  listener.sent(call.correlationId(), due, answeredAt, status);
                }
              },
              label + "-" + c);
      worker.start();
      workers.add(worker);
    }
    try {
      for (Thread worker : workers) {
        worker.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.forEach(Thread::interrupt);
    } finally {
      ticker.shutdownNow();
    }
    return new ReferralLoad.Result(answered.get(), ok.get(), errors.get(), latency);
  }

  /** A request builder with the driver's timeout. */
  static HttpRequest.Builder request(java.net.URI uri) {
    return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
  }
}
