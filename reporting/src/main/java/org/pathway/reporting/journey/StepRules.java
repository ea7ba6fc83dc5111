package org.pathway.reporting.journey;

import java.util.Map;
import org.pathway.events.avro.TaskStatus;

/**
 * Which {@code Task.businessStatus} code ({@code CodeSystems.TASK_BUSINESS_STATUS}) is which funnel
 * step, and which statuses end a journey. The codes are the fhir-adapter's CodeSystem.
 */
public final class StepRules {

  static final String SESSION_ATTENDED = "session-attended";
  static final String DID_NOT_ATTEND = "did-not-attend";

  private static final Map<String, Step> ROOT_STEPS =
      Map.of(
          "first-conversation-held", Step.FIRST_CONVERSATION,
          "plan-agreed", Step.PLAN_AGREED,
          "onward-referred", Step.REFERRED_TO_GROUP);

  private StepRules() {}

  /** The step a link worker's business status shows, or null. */
  public static Step stepOf(String businessStatus) {
    if (businessStatus == null) {
      return null;
    }
    if (businessStatus.startsWith("completed-")) {
      return Step.COMPLETED;
    }
    return ROOT_STEPS.get(businessStatus);
  }

  /**
   * How the referral Task's change ends the journey, or null: rejected (declined by the link
   * worker, or returned unaccepted) is a decline; cancelled, failed or entered-in-error a drop-out;
   * otherwise what the business status says of the person.
   */
  public static Exit exitOf(TaskStatus status, String businessStatus) {
    return switch (status) {
      case REJECTED -> Exit.DECLINED;
      case CANCELLED, FAILED, ENTERED_IN_ERROR -> Exit.DROPPED_OUT;
      default -> personLeft(businessStatus);
    };
  }

  /**
   * The exit a business status says the person took ({@code declined-by-patient}, {@code
   * disengaged}).
   */
  public static Exit personLeft(String businessStatus) {
    if ("declined-by-patient".equals(businessStatus)) {
      return Exit.DECLINED;
    }
    if ("disengaged".equals(businessStatus)) {
      return Exit.DROPPED_OUT;
    }
    return null;
  }
}
