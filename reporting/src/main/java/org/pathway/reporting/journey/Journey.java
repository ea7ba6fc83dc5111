package org.pathway.reporting.journey;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One referral's journey: the time of every step and who did it, how it left the funnel if it did,
 * the wellbeing scores taken, and what it is broken down by. Immutable; {@link JourneyFold} makes
 * the next one from an event.
 *
 * @param referralId the referral (the key of every referral event)
 * @param rootTaskId the GP→hub Task; status changes of other Tasks are the groups'
 * @param profile what the journey is broken down by
 * @param steps the steps seen, each with its first mark
 * @param exit how it left, or null
 * @param didNotAttendAt when a group first said the person did not attend, or null
 * @param scores every score recorded, in arrival order
 */
public record Journey(
    String referralId,
    String rootTaskId,
    Profile profile,
    Map<Step, Mark> steps,
    ExitMark exit,
    Long didNotAttendAt,
    List<Score> scores) {

  public Journey {
    profile = profile == null ? Profile.UNKNOWN : profile;
    EnumMap<Step, Mark> copy = new EnumMap<>(Step.class);
    if (steps != null) {
      copy.putAll(steps);
    }
    steps = Map.copyOf(copy);
    scores = scores == null ? List.of() : List.copyOf(scores);
  }

  /** A journey nothing is known of yet. */
  public static Journey start(String referralId) {
    return new Journey(referralId, null, Profile.UNKNOWN, Map.of(), null, null, List.of());
  }

  /** The mark of a step, when that step was seen itself. */
  public Optional<Mark> mark(Step step) {
    return Optional.ofNullable(steps.get(step));
  }

  /** When the referral was made (the referred step), or null before the referral is seen. */
  public Long referredAt() {
    Mark m = steps.get(Step.REFERRED);
    return m == null ? null : m.at();
  }

  /**
   * The furthest step reached. A later step implies the earlier ones (a plan agreed means a
   * conversation was held, even when nobody recorded it), so this is what the funnel counts.
   */
  public Optional<Step> furthest() {
    Step furthest = null;
    for (Step s : Step.values()) {
      if (steps.containsKey(s)) {
        furthest = s;
      }
    }
    return Optional.ofNullable(furthest);
  }

  /** Whether the journey got as far as {@code step}. */
  public boolean reached(Step step) {
    return furthest().map(f -> f.compareTo(step) >= 0).orElse(false);
  }

  Journey with(
      String newRoot,
      Profile newProfile,
      Map<Step, Mark> newSteps,
      ExitMark newExit,
      Long newDna,
      List<Score> newScores) {
    return new Journey(referralId, newRoot, newProfile, newSteps, newExit, newDna, newScores);
  }

  Journey withStep(Step step, Mark mark) {
    if (steps.containsKey(step)) {
      return this;
    }
    EnumMap<Step, Mark> next = new EnumMap<>(Step.class);
    next.putAll(steps);
    next.put(step, mark);
    return with(rootTaskId, profile, next, exit, didNotAttendAt, scores);
  }

  Journey withExit(Exit kind, long at, String actor) {
    if (exit != null || steps.containsKey(Step.COMPLETED)) {
      return this;
    }
    Step after = furthest().orElse(Step.REFERRED);
    return with(
        rootTaskId, profile, steps, new ExitMark(kind, after, at, actor), didNotAttendAt, scores);
  }

  Journey withScore(Score score) {
    if (scores.stream().anyMatch(s -> s.observationId().equals(score.observationId()))) {
      return this;
    }
    List<Score> next = new ArrayList<>(scores);
    next.add(score);
    return with(rootTaskId, profile, steps, exit, didNotAttendAt, next);
  }
}
