package org.pathway.fhiradapter.fhir;

import java.time.Instant;
import org.hl7.fhir.r4.model.Observation;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;

/**
 * A wellbeing score that passed the structural and range checks, waiting for the ledger to resolve
 * its Task.
 *
 * @param observation the Observation as received, narrative stripped
 * @param taskId the Task named by {@code Observation.focus}
 * @param subjectRef {@code Observation.subject} as {@code Patient/id}, or null when absent
 * @param effectiveAt {@code effectiveDateTime}, or null when the Observation has none (the ledger
 *     then takes its QuestionnaireResponse's {@code authored}, else {@code issuedAt})
 * @param questionnaireResponseId the QuestionnaireResponse named by {@code derivedFrom}, or null
 * @param issuedAt {@code issued}, or null
 */
public record OutcomeSubmission(
    Observation observation,
    String taskId,
    String subjectRef,
    WellbeingInstrument instrument,
    MeasurementTiming timing,
    double score,
    Instant effectiveAt,
    String questionnaireResponseId,
    Instant issuedAt) {

  /**
   * This submission taken at {@code at}: the time its measure was taken, as the ledger settled it.
   */
  public OutcomeSubmission takenAt(Instant at) {
    return new OutcomeSubmission(
        observation,
        taskId,
        subjectRef,
        instrument,
        timing,
        score,
        at,
        questionnaireResponseId,
        issuedAt);
  }

  /** A short human-readable value, e.g. {@code SWEMWBS exit 24}, used as Task.output display. */
  public String display() {
    return OutcomeReader.display(instrument, timing, score);
  }
}
