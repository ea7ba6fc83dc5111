package org.pathway.reporting.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pathway.reporting.journey.Journey;
import org.pathway.testsupport.time.MovableClock;

class ExportJobsTest {

  private static final String SECRET = "unit-test-secret-0123456789abcdef";
  private static final Duration KEEP = Duration.ofHours(1);
  private static final Set<String> ALL = Set.copyOf(ExportFiles.TYPES);

  private final MovableClock clock = new MovableClock(Instant.parse("2026-05-04T10:00:00Z"));
  private final ExportJobs jobs = new ExportJobs(clock, SECRET, KEEP);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    jobs.close();
  }

  @Test
  void aFinishedJobIsForgottenKeepAfterItFinishedAndItsFilesFreed() {
    ExportJob job = started("evaluator", List::of);
    ExportJob done = awaitDone(jobs, job);
    assertThat(done.files()).containsOnlyKeys(ExportFiles.TYPES);
    assertThat(done.expires()).isEqualTo(clock.instant().plus(KEEP));

    clock.advance(KEEP.minusSeconds(1));
    jobs.sweep();
    assertThat(jobs.find(job.id(), "evaluator")).isPresent();
    assertThat(jobs.held()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    // Gone for the evaluator at once, whenever the next sweep comes.
    assertThat(jobs.find(job.id(), "evaluator")).isEmpty();
    jobs.sweep();
    assertThat(jobs.held()).isZero();
  }

  @Test
  void aFailedJobExpiresToo() {
    ExportJob job =
        started(
            "evaluator",
            () -> {
              throw new IllegalStateException("the store is restoring");
            });
    ExportJob failed = awaitDone(jobs, job);
    assertThat(failed.error()).isEqualTo("the store is restoring");
    assertThat(failed.expires()).isEqualTo(clock.instant().plus(KEEP));

    clock.advance(KEEP);
    jobs.sweep();
    assertThat(jobs.find(job.id(), "evaluator")).isEmpty();
    assertThat(jobs.held()).isZero();
  }

  @Test
  void expiredJobsAreSweptWithoutAnyoneCalling() {
    Duration keep = Duration.ofMillis(50);
    try (ExportJobs shortLived = new ExportJobs(clock, SECRET, keep)) {
      ExportJob job = startedOn(shortLived, "evaluator", List::of);
      awaitDone(shortLived, job);
      clock.advance(keep);
      await().atMost(Duration.ofSeconds(10)).until(() -> shortLived.held() == 0);
    }
  }

  @Test
  void aRunningJobNeverExpires() {
    ExportJob job = started("evaluator", heldBack());

    clock.advance(KEEP.multipliedBy(24));
    jobs.sweep();
    ExportJob running = jobs.find(job.id(), "evaluator").orElseThrow();
    assertThat(running.done()).isFalse();
    assertThat(running.expires()).isNull();

    release.countDown();
    // Kept from when it finished, however long it ran.
    assertThat(awaitDone(jobs, job).expires()).isEqualTo(clock.instant().plus(KEEP));
  }

  @Test
  void anEvaluatorRunsOneExportAtATimeWithoutHoldingUpAnother() {
    ExportJob first = started("evaluator", heldBack());

    KickOff again =
        jobs.start("evaluator", "study-b", "again", ExportFiles.Format.NDJSON, ALL, List::of);
    assertThat(again).isInstanceOf(KickOff.Busy.class);
    assertThat(((KickOff.Busy) again).running().id()).isEqualTo(first.id());
    assertThat(jobs.held()).as("nothing started").isEqualTo(1);

    ExportJob other = started("evaluator-b", List::of);
    assertThat(other.id()).isNotEqualTo(first.id());

    release.countDown();
    awaitDone(jobs, first);
    awaitDone(jobs, other);
    assertThat(started("evaluator", List::of).id()).isNotEqualTo(first.id());
  }

  @Test
  void cancelForgetsARunningOrFinishedJobOfItsOwnerOnly() {
    ExportJob running = started("evaluator", heldBack());
    assertThat(jobs.cancel(running.id(), "evaluator-b")).isFalse();
    assertThat(jobs.find(running.id(), "evaluator")).isPresent();
    assertThat(jobs.cancel(running.id(), "evaluator")).isTrue();
    assertThat(jobs.find(running.id(), "evaluator")).isEmpty();
    assertThat(jobs.cancel(running.id(), "evaluator")).isFalse();

    // Cancelled, it no longer holds the evaluator back; and it stays cancelled once it ends.
    ExportJob next = started("evaluator", List::of);
    release.countDown();
    awaitDone(jobs, next);
    assertThat(jobs.find(running.id(), "evaluator")).isEmpty();
    assertThat(jobs.cancel(next.id(), "evaluator")).isTrue();
    assertThat(jobs.held()).isZero();
  }

  private ExportJob started(String client, Supplier<List<Journey>> journeys) {
    return startedOn(jobs, client, journeys);
  }

  private static ExportJob startedOn(
      ExportJobs on, String client, Supplier<List<Journey>> journeys) {
    KickOff k = on.start(client, "study-a", "request", ExportFiles.Format.NDJSON, ALL, journeys);
    assertThat(k).isInstanceOf(KickOff.Started.class);
    return ((KickOff.Started) k).job();
  }

  /** Journeys that come only once the test releases them: a job that runs as long as it likes. */
  private Supplier<List<Journey>> heldBack() {
    return () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return List.of();
    };
  }

  private static ExportJob awaitDone(ExportJobs on, ExportJob job) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> on.find(job.id(), job.clientId()).map(ExportJob::done).orElse(false));
    return on.find(job.id(), job.clientId()).orElseThrow();
  }
}
