package org.pathway.reporting.figures;

import java.util.ArrayList;
import java.util.List;
import org.pathway.reporting.journey.Exit;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Step;

/** The funnel: how many reached each step, and how many left there and how. */
public final class Funnel {

  /**
   * One step of the funnel; each count null when suppressed.
   *
   * @param step the step's code
   * @param reached journeys that got this far
   * @param declined declined after reaching this step and before the next
   * @param didNotAttend (at {@code referred-to-group}) did not attend a first session and never did
   * @param droppedOut dropped out after this step and before the next
   */
  public record Row(String step, Long reached, Long declined, Long didNotAttend, Long droppedOut) {}

  private Funnel() {}

  /** The funnel of these journeys. */
  public static List<Row> of(List<Journey> journeys) {
    List<Row> rows = new ArrayList<>();
    for (Step step : Step.values()) {
      long reached = journeys.stream().filter(j -> j.reached(step)).count();
      long declined = exits(journeys, step, Exit.DECLINED);
      long dropped = exits(journeys, step, Exit.DROPPED_OUT);
      long dna =
          step == Step.REFERRED_TO_GROUP
              ? journeys.stream()
                  .filter(j -> j.didNotAttendAt() != null && !j.reached(Step.FIRST_SESSION))
                  .count()
              : 0;
      rows.add(
          new Row(
              step.code(),
              Count.published(reached),
              Count.published(declined),
              Count.published(dna),
              Count.published(dropped)));
    }
    return rows;
  }

  private static long exits(List<Journey> journeys, Step step, Exit kind) {
    return journeys.stream()
        .filter(j -> j.exit() != null && j.exit().kind() == kind && j.exit().after() == step)
        .count();
  }
}
