package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.Extensions;
import org.pathway.fhiradapter.ledger.CascadeRollUp.Step;

class CascadeRollUpTest {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final Instant LATER = NOW.plus(Duration.ofDays(1));
  static final Instant EARLIER = NOW.minus(Duration.ofHours(1));

  static Step step(int level, TaskStatus status, String owner, Instant changed, Instant due) {
    return new Step(level, status, new Reference("HealthcareService/" + owner), changed, due);
  }

  @Test
  void aRequestPassedDownThreeLevelsIsHeldByTheVolunteer() {
    // given the council's Task at the hub, passed to a street coordinator and on to a volunteer
    var tree =
        List.of(
            step(1, TaskStatus.ACCEPTED, "hub", EARLIER, LATER),
            step(2, TaskStatus.ACCEPTED, "coordinator", EARLIER, LATER),
            step(3, TaskStatus.REQUESTED, "volunteer", NOW, LATER));

    var rollUp = CascadeRollUp.of(tree, NOW);

    assertThat(rollUp.levels()).isEqualTo(3);
    assertThat(rollUp.open()).isEqualTo(3);
    assertThat(rollUp.overdue()).isZero();
    assertThat(rollUp.current()).isEqualTo(TaskStatus.REQUESTED);
    assertThat(rollUp.currentOwner().getReference()).isEqualTo("HealthcareService/volunteer");
  }

  @Test
  void anOverdueStepIsCountedAtAnyLevel() {
    var tree =
        List.of(
            step(1, TaskStatus.ACCEPTED, "hub", EARLIER, LATER),
            step(2, TaskStatus.ACCEPTED, "coordinator", EARLIER, LATER),
            step(3, TaskStatus.REQUESTED, "volunteer", NOW, EARLIER));

    assertThat(CascadeRollUp.of(tree, NOW).overdue()).isEqualTo(1);
  }

  @Test
  void aDoneStepIsNeitherOpenNorOverdueAndTheRequestIsWithTheNextOneUp() {
    // given the volunteer completed (its old due time long past) while the coordinator has not
    var tree =
        List.of(
            step(1, TaskStatus.ACCEPTED, "hub", EARLIER, LATER),
            step(2, TaskStatus.INPROGRESS, "coordinator", EARLIER, LATER),
            step(3, TaskStatus.COMPLETED, "volunteer", NOW, EARLIER));

    var rollUp = CascadeRollUp.of(tree, NOW);

    assertThat(rollUp.open()).isEqualTo(2);
    assertThat(rollUp.completed()).isEqualTo(1);
    assertThat(rollUp.overdue()).isZero();
    assertThat(rollUp.current()).isEqualTo(TaskStatus.INPROGRESS);
    assertThat(rollUp.currentOwner().getReference()).isEqualTo("HealthcareService/coordinator");
  }

  @Test
  void aCancelledCascadeIsClosedAtEveryLevelAndReadsAsItsTopTask() {
    var tree =
        List.of(
            step(1, TaskStatus.CANCELLED, "hub", NOW, LATER),
            step(2, TaskStatus.CANCELLED, "coordinator", NOW, LATER),
            step(3, TaskStatus.CANCELLED, "volunteer", NOW, EARLIER));

    var rollUp = CascadeRollUp.of(tree, NOW);

    assertThat(rollUp.open()).isZero();
    assertThat(rollUp.closed()).isEqualTo(3);
    assertThat(rollUp.overdue()).isZero();
    assertThat(rollUp.current()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(rollUp.currentOwner().getReference()).isEqualTo("HealthcareService/hub");
  }

  @Test
  void ofTwoOpenStepsAtTheDeepestLevelTheLatestChangedHoldsIt() {
    // given the coordinator asked a second volunteer after the first
    var tree =
        List.of(
            step(1, TaskStatus.ACCEPTED, "hub", EARLIER, LATER),
            step(2, TaskStatus.REQUESTED, "first-volunteer", EARLIER, LATER),
            step(2, TaskStatus.ACCEPTED, "second-volunteer", NOW, LATER));

    assertThat(CascadeRollUp.of(tree, NOW).currentOwner().getReference())
        .isEqualTo("HealthcareService/second-volunteer");
  }

  @Test
  void theExtensionCarriesEveryPart() {
    var ext =
        CascadeRollUp.of(
                List.of(
                    step(1, TaskStatus.ACCEPTED, "hub", EARLIER, LATER),
                    step(2, TaskStatus.REQUESTED, "volunteer", NOW, EARLIER)),
                NOW)
            .toExtension();

    assertThat(ext.getUrl()).isEqualTo(Extensions.CASCADE_ROLLUP);
    assertThat(
            ((UnsignedIntType) ext.getExtensionByUrl(Extensions.ROLLUP_LEVELS).getValue())
                .getValue())
        .isEqualTo(2);
    assertThat(
            ((UnsignedIntType) ext.getExtensionByUrl(Extensions.ROLLUP_OVERDUE).getValue())
                .getValue())
        .isEqualTo(1);
    assertThat(ext.getExtensionByUrl(Extensions.ROLLUP_CURRENT).getValue().primitiveValue())
        .isEqualTo("requested");
    assertThat(
            ((Reference) ext.getExtensionByUrl(Extensions.ROLLUP_CURRENT_OWNER).getValue())
                .getReference())
        .isEqualTo("HealthcareService/volunteer");
  }

  @Test
  void aTreeHasAtLeastItsTopTask() {
    assertThatThrownBy(() -> CascadeRollUp.of(List.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
