package org.pathway.fhiradapter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.ledger.TaskCodes;

class StepDueTimesTest {

  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

  private static Map<SlaStep, Duration> defaults() {
    Map<SlaStep, Duration> d = new EnumMap<>(SlaStep.class);
    d.put(SlaStep.ACCEPT, Duration.ofDays(5));
    d.put(SlaStep.FIRST_CONTACT, Duration.ofDays(7));
    d.put(SlaStep.FIRST_SESSION, Duration.ofDays(14));
    d.put(SlaStep.COMPLETION, Duration.ofDays(84));
    return d;
  }

  private final StepDueTimes dueTimes =
      new StepDueTimes(
          defaults(),
          StepDueTimes.parseOverrides("lw-north:accept=2d,first-contact=36h; A81999:accept=P1D"));

  private static Task owned(TaskStatus status, String owner) {
    Task task = new Task().setStatus(status).setOwner(new Reference(owner));
    task.getRestriction().setPeriod(new Period().setEnd(Date.from(T0)));
    return task;
  }

  @Test
  void eachStepHasItsOwnDefaultDuration() {
    Reference owner = new Reference("HealthcareService/lw-south");
    assertThat(dueTimes.dueAt(SlaStep.ACCEPT, owner, T0)).isEqualTo(T0.plus(Duration.ofDays(5)));
    assertThat(dueTimes.dueAt(SlaStep.FIRST_CONTACT, owner, T0))
        .isEqualTo(T0.plus(Duration.ofDays(7)));
    assertThat(dueTimes.dueAt(SlaStep.FIRST_SESSION, null, T0))
        .isEqualTo(T0.plus(Duration.ofDays(14)));
  }

  @Test
  void aServiceOverridesTheStepsItNamesByDirectoryIdOrOrganisation() {
    Reference north = new Reference("HealthcareService/lw-north");
    assertThat(dueTimes.dueAt(SlaStep.ACCEPT, north, T0)).isEqualTo(T0.plus(Duration.ofDays(2)));
    assertThat(dueTimes.dueAt(SlaStep.FIRST_CONTACT, north, T0))
        .isEqualTo(T0.plus(Duration.ofHours(36)));
    // a step the service does not name keeps the default
    assertThat(dueTimes.dueAt(SlaStep.COMPLETION, north, T0))
        .isEqualTo(T0.plus(Duration.ofDays(84)));
    Reference byOds = new Reference().setIdentifier(new Identifier().setValue("A81999"));
    assertThat(dueTimes.dueAt(SlaStep.ACCEPT, byOds, T0)).isEqualTo(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void acceptingATaskStartsTheFirstContactClock() {
    Task before = owned(TaskStatus.REQUESTED, "HealthcareService/lw-north");
    Task after = before.copy().setStatus(TaskStatus.ACCEPTED);
    Instant at = T0.plus(Duration.ofDays(1));

    assertThat(dueTimes.restartClock(before, after, at)).isTrue();
    assertThat(after.getRestriction().getPeriod().getEnd().toInstant())
        .isEqualTo(at.plus(Duration.ofHours(36)));
  }

  @Test
  void aNewStepThatWouldFallDueWithTheOldOneIsGivenTheNextSecond() {
    // accept and first contact both 7 days for lw-south's Task here: accepted within the second
    // it was due from, the new step would share the old one's due time, and with it its ladder
    Task before = owned(TaskStatus.REQUESTED, "HealthcareService/lw-south");
    before.getRestriction().getPeriod().setEnd(Date.from(T0.plus(Duration.ofDays(7))));
    Task after = before.copy().setStatus(TaskStatus.ACCEPTED);

    assertThat(dueTimes.restartClock(before, after, T0.plusMillis(400))).isTrue();
    assertThat(after.getRestriction().getPeriod().getEnd().toInstant())
        .isEqualTo(T0.plus(Duration.ofDays(7)).plusSeconds(1));
  }

  @Test
  void aGroupTaskAcceptedWaitsForTheFirstSessionAndAnAttendedSessionStartsCompletion() {
    Task requested = owned(TaskStatus.REQUESTED, "HealthcareService/walk-and-talk");
    requested.addPartOf(new Reference("Task/parent"));
    Task accepted = requested.copy().setStatus(TaskStatus.ACCEPTED);
    assertThat(dueTimes.restartClock(requested, accepted, T0)).isTrue();
    assertThat(accepted.getRestriction().getPeriod().getEnd().toInstant())
        .isEqualTo(T0.plus(Duration.ofDays(14)));

    Task attended = accepted.copy();
    attended.setBusinessStatus(TaskCodes.businessStatus("session-attended"));
    assertThat(dueTimes.restartClock(accepted, attended, T0.plusSeconds(60))).isTrue();
    assertThat(attended.getRestriction().getPeriod().getEnd().toInstant())
        .isEqualTo(T0.plusSeconds(60).plus(Duration.ofDays(84)));
  }

  @Test
  void aChangeOnTheSameStepOrOneThatSetsItsOwnDueTimeKeepsIt() {
    Task before = owned(TaskStatus.ACCEPTED, "HealthcareService/lw-south");
    Task noted = before.copy();
    noted.setBusinessStatus(TaskCodes.businessStatus("contact-attempted"));
    assertThat(dueTimes.restartClock(before, noted, T0)).isFalse();
    assertThat(noted.getRestriction().getPeriod().getEnd().toInstant()).isEqualTo(T0);

    Task rescheduled = before.copy();
    rescheduled.setBusinessStatus(TaskCodes.businessStatus("first-conversation-held"));
    Instant chosen = T0.plus(Duration.ofDays(30));
    rescheduled.getRestriction().getPeriod().setEnd(Date.from(chosen));
    assertThat(dueTimes.restartClock(before, rescheduled, T0)).isFalse();
    assertThat(rescheduled.getRestriction().getPeriod().getEnd().toInstant()).isEqualTo(chosen);

    Task ended = before.copy().setStatus(TaskStatus.CANCELLED);
    assertThat(dueTimes.restartClock(before, ended, T0)).isFalse();
  }

  @Test
  void overridesThatCannotBeReadAreRefusedNamingThePart() {
    assertThatThrownBy(() -> StepDueTimes.parseOverrides("lw-north:accept=soon"))
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> StepDueTimes.parseOverrides("lw-north:start=1d"))
        .hasMessageContaining("'start' (service lw-north) is not a step");
    assertThatThrownBy(() -> StepDueTimes.parseOverrides("lw-north"))
        .hasMessageContaining("is not service:step=duration");
    assertThatThrownBy(() -> StepDueTimes.parseOverrides("lw-north:accept=0d"))
        .hasMessageContaining("not longer than zero");
  }
}
