package org.pathway.reporting.journey;

import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.EvaluationFacts;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.OutcomeRecorded;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.vocabulary.CodeSystems;

/**
 * Folds one referral event into the referral's journey. Which business status is which step is
 * decided here and nowhere else. Every step keeps its first mark and a score its first record, so
 * an event delivered twice changes nothing the second time.
 */
public final class JourneyFold {

  private static final Set<TaskStatus> ACCEPTING =
      Set.of(TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.ON_HOLD, TaskStatus.COMPLETED);

  private JourneyFold() {}

  /**
   * Whether {@code event} can change a journey: false for events reporting ignores (a referral
   * overdue, anything newer), which a caller may then skip before reading any journey.
   */
  public static boolean concerns(SpecificRecord event) {
    return event instanceof ReferralReceived
        || event instanceof TaskStatusChanged
        || event instanceof OnwardReferralCreated
        || event instanceof OutcomeRecorded
        || event instanceof ReferralCancelled;
  }

  /** The journey after {@code event}; the same journey for an event reporting ignores. */
  public static Journey apply(Journey journey, SpecificRecord event) {
    if (event instanceof ReferralReceived e) {
      return received(journey, e);
    }
    if (event instanceof TaskStatusChanged e) {
      return isRoot(journey, e) ? rootChanged(journey, e) : groupChanged(journey, e);
    }
    if (event instanceof OnwardReferralCreated e) {
      long at = e.getEnvelope().getOccurredAt().toEpochMilli();
      Journey offered =
          journey.with(
              journey.rootTaskId(),
              journey.mark(Step.FIRST_SESSION).isPresent()
                  ? journey.profile()
                  : journey.profile().withGroup(id(e.getGroupService())),
              journey.steps(),
              journey.exit(),
              journey.didNotAttendAt(),
              journey.scores());
      return offered.withStep(Step.REFERRED_TO_GROUP, new Mark(at, ref(e.getRequestedBy())));
    }
    if (event instanceof OutcomeRecorded e) {
      return journey.withScore(
          new Score(
              e.getInstrument().name(),
              e.getTiming().name(),
              e.getScore(),
              e.getEffectiveAt().toEpochMilli(),
              e.getObservationId()));
    }
    if (event instanceof ReferralCancelled e) {
      return journey.withExit(
          Exit.DROPPED_OUT,
          e.getEnvelope().getOccurredAt().toEpochMilli(),
          ref(e.getCancelledBy()));
    }
    // ReferralOverdue and anything newer: not a step.
    return journey;
  }

  private static Journey received(Journey journey, ReferralReceived e) {
    EvaluationFacts facts = e.getEvaluation();
    Profile p = journey.profile();
    Profile profile =
        new Profile(
            e.getPracticeOdsCode(),
            e.getPcnCode(),
            facts == null ? null : facts.getPathway(),
            e.getSource() == null ? null : e.getSource().name(),
            p.linkWorkerService(),
            p.group(),
            facts == null ? null : facts.getSex(),
            facts == null ? null : facts.getEthnicCategory(),
            facts == null ? null : facts.getAgeBand(),
            facts == null ? null : facts.getDeprivationDecile());
    Journey withProfile =
        journey.with(
            e.getTaskId(),
            profile,
            journey.steps(),
            journey.exit(),
            journey.didNotAttendAt(),
            journey.scores());
    return withProfile.withStep(
        Step.REFERRED,
        new Mark(e.getEnvelope().getOccurredAt().toEpochMilli(), ref(e.getRequester())));
  }

  private static boolean isRoot(Journey journey, TaskStatusChanged e) {
    if (journey.rootTaskId() != null) {
      return journey.rootTaskId().equals(e.getTaskId());
    }
    return e.getParentTaskId() == null;
  }

  private static Journey rootChanged(Journey journey, TaskStatusChanged e) {
    long at = e.getEnvelope().getOccurredAt().toEpochMilli();
    String actor = ref(e.getChangedBy());
    Journey j = journey;
    if (ACCEPTING.contains(e.getStatus()) && j.mark(Step.ACCEPTED).isEmpty()) {
      j =
          j.with(
                  j.rootTaskId(),
                  j.profile().withLinkWorkerService(id(e.getOwner())),
                  j.steps(),
                  j.exit(),
                  j.didNotAttendAt(),
                  j.scores())
              .withStep(Step.ACCEPTED, new Mark(at, actor));
    }
    Step byStatus = StepRules.stepOf(code(e.getBusinessStatus()));
    if (byStatus != null) {
      j = j.withStep(byStatus, new Mark(at, actor));
    }
    Exit exit = StepRules.exitOf(e.getStatus(), code(e.getBusinessStatus()));
    if (e.getStatus() == TaskStatus.COMPLETED) {
      j = j.withStep(Step.COMPLETED, new Mark(at, actor));
    } else if (exit != null) {
      j = j.withExit(exit, at, actor);
    }
    return j;
  }

  private static Journey groupChanged(Journey journey, TaskStatusChanged e) {
    long at = e.getEnvelope().getOccurredAt().toEpochMilli();
    String actor = ref(e.getChangedBy());
    String status = code(e.getBusinessStatus());
    if (StepRules.SESSION_ATTENDED.equals(status)) {
      return journey.withStep(Step.FIRST_SESSION, new Mark(at, actor));
    }
    if (StepRules.DID_NOT_ATTEND.equals(status)
        && journey.didNotAttendAt() == null
        && journey.mark(Step.FIRST_SESSION).isEmpty()) {
      return journey.with(
          journey.rootTaskId(),
          journey.profile(),
          journey.steps(),
          journey.exit(),
          at,
          journey.scores());
    }
    // A group declining is not the person leaving: the link worker offers another group.
    if (StepRules.personLeft(status) != null) {
      return journey.withExit(StepRules.personLeft(status), at, actor);
    }
    return journey;
  }

  private static String code(Coding coding) {
    if (coding == null || !CodeSystems.TASK_BUSINESS_STATUS.equals(coding.getSystem())) {
      return null;
    }
    return coding.getCode();
  }

  private static String ref(Actor actor) {
    return actor == null ? null : actor.getReference();
  }

  /** The directory id where the actor carries one, else its reference. */
  private static String id(Actor actor) {
    if (actor == null) {
      return null;
    }
    return actor.getIdentifier() != null ? actor.getIdentifier() : actor.getReference();
  }
}
