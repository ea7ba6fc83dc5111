package org.pathway.deploy.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The referrals of one benchmark run, by correlation id, each with the times its hops were seen.
 * Arrivals may be reported before the send that caused them is (the POST's answer and the webhook
 * race), so every report creates the journey if it is new and latencies are computed only after the
 * run has drained.
 */
final class Journeys {

  /** One referral's times, in {@link System#nanoTime()}; 0 means not seen. */
  static final class Journey {
    volatile long referralSent;
    volatile long linkWorkerNotified;
    volatile long acceptSent;
    volatile long onwardSent;
    volatile long facilitatorNotified;
    volatile long gpUpdated;
    volatile String failure;

    boolean done() {
      return failure != null || (facilitatorNotified != 0 && gpUpdated != 0);
    }
  }

  /** Latency distributions of one run, in microseconds, and what did not finish. */
  record Hops(
      Histogram referralToLinkWorker,
      Histogram onwardToFacilitator,
      Histogram acceptToGp,
      Histogram whole,
      long complete,
      long incomplete,
      long failed) {}

  private final ConcurrentHashMap<String, Journey> byCorrelation = new ConcurrentHashMap<>();

  Journey of(String correlationId) {
    return byCorrelation.computeIfAbsent(correlationId, c -> new Journey());
  }

  /** Journeys the load driver started (a 2xx for the referral) and that are not yet done. */
  long outstanding() {
    return byCorrelation.values().stream().filter(j -> j.referralSent != 0 && !j.done()).count();
  }

  /** Each journey that finished (sent, both ends reached, no failure), with its correlation id. */
  void forEachFinished(java.util.function.BiConsumer<String, Journey> action) {
    byCorrelation.forEach(
        (id, j) -> {
          if (j.referralSent != 0 && j.failure == null && j.done()) {
            action.accept(id, j);
          }
        });
  }

  Hops hops() {
    Histogram toLinkWorker = histogram();
    Histogram toFacilitator = histogram();
    Histogram toGp = histogram();
    Histogram whole = histogram();
    long complete = 0;
    long incomplete = 0;
    long failed = 0;
    for (Journey j : byCorrelation.values()) {
      if (j.referralSent == 0) {
        continue; // a straggler from an earlier run
      }
      if (j.failure != null) {
        failed++;
        continue;
      }
      if (j.linkWorkerNotified != 0) {
        toLinkWorker.recordValue(micros(j.linkWorkerNotified - j.referralSent));
      }
      if (j.facilitatorNotified != 0 && j.onwardSent != 0) {
        toFacilitator.recordValue(micros(j.facilitatorNotified - j.onwardSent));
      }
      if (j.gpUpdated != 0 && j.acceptSent != 0) {
        toGp.recordValue(micros(j.gpUpdated - j.acceptSent));
      }
      if (j.done()) {
        complete++;
        whole.recordValue(micros(Math.max(j.facilitatorNotified, j.gpUpdated) - j.referralSent));
      } else {
        incomplete++;
      }
    }
    return new Hops(toLinkWorker, toFacilitator, toGp, whole, complete, incomplete, failed);
  }

  private static Histogram histogram() {
    return new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
  }

  private static long micros(long nanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
  }
}
