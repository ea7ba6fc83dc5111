package org.pathway.fhiradapter.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * How long each step may take, by default and for a given service: a pure function from a Task and
 * the moment its step started to the step's due time ({@code Task.restriction.period.end}).
 *
 * @param defaults the duration of every step
 * @param byService per service (its directory id, or the organisation of the Task's owner), the
 *     steps it overrides
 */
public record StepDueTimes(
    Map<SlaStep, Duration> defaults, Map<String, Map<SlaStep, Duration>> byService) {

  public StepDueTimes {
    for (SlaStep step : SlaStep.values()) {
      if (defaults.get(step) == null) {
        throw new IllegalArgumentException("no due time for step " + step.code());
      }
    }
    defaults = Map.copyOf(defaults);
    byService = Map.copyOf(byService);
  }

  /** How long {@code step} may take at the service that owns it ({@code owner}, may be null). */
  public Duration durationOf(SlaStep step, Reference owner) {
    for (String key : ownerKeys(owner)) {
      Map<SlaStep, Duration> own = byService.get(key);
      if (own != null && own.containsKey(step)) {
        return own.get(step);
      }
    }
    return defaults.get(step);
  }

  /** When {@code step}, started at {@code from} at {@code owner}, is due (whole seconds). */
  public Instant dueAt(SlaStep step, Reference owner, Instant from) {
    // Whole seconds: what Task.restriction.period.end (a dateTime) carries once stored.
    return from.plus(durationOf(step, owner)).truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * Sets the due time of the step {@code after} starts at {@code at}, when it is on another step
   * than {@code before} and whoever changed it did not set a due time of their own. A Task that has
   * ended keeps the due time it had; the watch no longer looks at it.
   *
   * @return whether {@code after}'s due time was set
   */
  public boolean restartClock(Task before, Task after, Instant at) {
    Optional<SlaStep> was = SlaStep.of(before);
    Optional<SlaStep> now = SlaStep.of(after);
    if (now.isEmpty() || now.equals(was) || !sameDue(before, after)) {
      return false;
    }
    Instant due = dueAt(now.get(), after.hasOwner() ? after.getOwner() : null, at);
    Date previous = before.getRestriction().getPeriod().getEnd();
    if (previous != null && due.equals(previous.toInstant().truncatedTo(ChronoUnit.SECONDS))) {
      // A step is known to the watch by its Task and due time (its notices, its armed rungs): a
      // new step that would fall due with the old one (same length, moved on within the second)
      // is given the next second, so the old step's ladder never fires for it.
      due = previous.toInstant().plusSeconds(1);
    }
    after.getRestriction().setPeriod(new Period().setEnd(Date.from(due)));
    return true;
  }

  private static boolean sameDue(Task before, Task after) {
    Date b = before.getRestriction().getPeriod().getEnd();
    Date a = after.getRestriction().getPeriod().getEnd();
    return b == null ? a == null : b.equals(a);
  }

  /**
   * The names an override may give a service by: the id of a literal reference ({@code
   * HealthcareService/lw-north} → {@code lw-north}) and the value of its identifier (an ODS code).
   */
  private static List<String> ownerKeys(Reference owner) {
    if (owner == null) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    if (owner.hasReference()) {
      String ref = owner.getReference();
      keys.add(ref.substring(ref.lastIndexOf('/') + 1));
    }
    if (owner.hasIdentifier() && owner.getIdentifier().hasValue()) {
      keys.add(owner.getIdentifier().getValue());
    }
    return keys;
  }

  /**
   * Reads per-service overrides written {@code service:step=duration[,step=duration][;...]}, e.g.
   * {@code lw-north:accept=1d,first-contact=3d;walk-and-talk:first-session=10d}; durations as
   * {@code 12h}, {@code 3d} or ISO-8601 ({@code P3D}).
   *
   * @throws IllegalArgumentException naming the part that cannot be read
   */
  public static Map<String, Map<SlaStep, Duration>> parseOverrides(String text) {
    Map<String, Map<SlaStep, Duration>> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String service : text.split(";")) {
      if (service.isBlank()) {
        continue;
      }
      int colon = service.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("'" + service.trim() + "' is not service:step=duration");
      }
      String id = service.substring(0, colon).trim();
      Map<SlaStep, Duration> steps = new EnumMap<>(SlaStep.class);
      for (String pair : service.substring(colon + 1).split(",")) {
        int eq = pair.indexOf('=');
        String stepName = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
        SlaStep step =
            SlaStep.byCode(stepName)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "'" + stepName + "' (service " + id + ") is not a step"));
        if (eq < 0) {
          throw new IllegalArgumentException("step " + stepName + " of " + id + " has no duration");
        }
        steps.put(step, parseDuration(pair.substring(eq + 1).trim()));
      }
      out.put(id, steps);
    }
    return out;
  }

  /** {@code 90s}, {@code 30m}, {@code 12h}, {@code 3d} or ISO-8601; positive. */
  static Duration parseDuration(String text) {
    Duration d;
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        d = Duration.parse(text);
      } else {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        d =
            switch (text.charAt(text.length() - 1)) {
              case 's' -> Duration.ofSeconds(n);
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              case 'd' -> Duration.ofDays(n);
              default -> throw new IllegalArgumentException();
            };
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 3d, 12h, P3D)");
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is not longer than zero");
    }
    return d;
  }
}
