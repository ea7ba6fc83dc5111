package org.pathway.portal.pages;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.IdentifierSystems;

/**
 * How answers that are not a Task change become FHIR resources: a wellbeing score (an Observation
 * as the adapter's outcome API reads it) and an onward referral (a filler-order ServiceRequest
 * based on the original, performer the chosen group). Pure functions.
 */
public final class Outgoing {

  /**
   * Inclusive total-score ranges the adapter checks: SWEMWBS 7-35, WEMWBS 14-70, ONS4 0-10, MYCAW
   * 0-6 (the profile score, here in whole points), LONELINESS3 3-9. Which of them a referral takes
   * is its pathway's outcome set, which the adapter enforces (its refusal says which it takes).
   */
  public static final Map<String, int[]> INSTRUMENTS =
      Map.of(
          "SWEMWBS", new int[] {7, 35},
          "WEMWBS", new int[] {14, 70},
          "ONS4", new int[] {0, 10},
          "MYCAW", new int[] {0, 6},
          "LONELINESS3", new int[] {3, 9});

  /** The instruments in the order a page offers them. */
  public static final List<String> INSTRUMENT_ORDER =
      List.of("SWEMWBS", "WEMWBS", "ONS4", "MYCAW", "LONELINESS3");

  /** Identifier system of onward referrals made through the portal (value: the request id). */
  public static final String ONWARD_ID_SYSTEM = "https://pathway.example.org/Id/portal-onward";

  private static final String SNOMED = "http://snomed.info/sct";

  private Outgoing() {}

  /**
   * The link-worker service as the onward referral's requester: the Task's owner, with its
   * organisation as an identifier when the owner carries none, so the ledger can resolve who refers
   * (it accepts a referral only from the caller's own organisation).
   */
  static Reference requester(Reference owner) {
    Reference requester = owner.copy();
    if (!requester.hasIdentifier() && requester.getReferenceElement().hasIdPart()) {
      requester.setIdentifier(
          new Identifier()
              .setSystem(IdentifierSystems.ORGANIZATION)
              .setValue(requester.getReferenceElement().getIdPart()));
    }
    return requester;
  }

  /** The score Observation for {@code answer} on the link worker's Task. */
  public static Observation score(Answer answer, Task task, Instant now) throws AnswerProblem {
    String instrument = answer.field("instrument");
    int[] range = INSTRUMENTS.get(instrument);
    if (range == null) {
      throw new AnswerProblem("problem.instrument");
    }
    String timing = answer.field("timing");
    if (!timing.equals("entry") && !timing.equals("exit")) {
      throw new AnswerProblem("problem.timing");
    }
    int value = answer.number("score", range[0], range[1], "problem.score");
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding(new Coding(CodeSystems.WELLBEING_INSTRUMENT, instrument, instrument));
    o.addCategory().addCoding(new Coding(CodeSystems.MEASUREMENT_TIMING, timing, timing));
    o.setValue(new IntegerType(value));
    o.setEffective(new DateTimeType(Date.from(now)));
    o.addFocus(new Reference("Task/" + task.getIdElement().getIdPart()));
    if (task.hasFor()) {
      o.setSubject(task.getFor().copy());
    }
    return o;
  }

  /**
   * The onward referral of the link worker's Task to {@code group}: based on the original
   * ServiceRequest, the same person, the link-worker service (the Task's owner) as requester. The
   * activity's words are the directory's (the group's name), never the referral's.
   */
  public static ServiceRequest onward(Task task, HealthcareService group, String requestId) {
    ServiceRequest onward = new ServiceRequest();
    onward.addIdentifier().setSystem(ONWARD_ID_SYSTEM).setValue(requestId);
    onward.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    onward.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    onward
        .getCode()
        .setText(group.getName())
        .addCoding(new Coding(SNOMED, "871731000000106", "Referral to social prescribing service"));
    onward.addBasedOn(new Reference(task.getFocus().getReference()));
    onward.setSubject(task.getFor().copy());
    onward.setRequester(requester(task.getOwner()));
    onward.addPerformer(
        new Reference("HealthcareService/" + group.getIdElement().getIdPart())
            .setDisplay(group.getName()));
    return onward;
  }

  /**
   * The request {@code task} holds, passed on down a cascade to {@code to}: based on the request
   * the holder was given (so the child Task is part of theirs), the same person, the holder as
   * requester, and the request's own words (what to help with), which the next holder's message
   * shows; the receiver's name only when the request has none.
   *
   * @param held the ServiceRequest the holder's Task is for, as the adapter serves it to them
   */
  public static ServiceRequest passedOn(
      Task task, ServiceRequest held, HealthcareService to, String requestId) {
    ServiceRequest onward = onward(task, to, requestId);
    if (held != null && held.getCode().hasText()) {
      onward.setCode(held.getCode().copy());
    }
    return onward;
  }
}
