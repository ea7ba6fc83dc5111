package org.pathway.fhiradapter.support;

import java.math.BigDecimal;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.pathway.events.vocabulary.CodeSystems;

/** Wellbeing-score Observations as a link worker's system would send them. */
public final class Scores {

  private Scores() {}

  /** A final score Observation on {@code instrument} at {@code timing} for {@code taskId}. */
  public static Observation score(String instrument, String timing, double total, String taskId) {
    var o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode()
        .addCoding(new Coding(CodeSystems.WELLBEING_INSTRUMENT, instrument, instrument + " total"));
    o.addCategory(
        new CodeableConcept()
            .addCoding(new Coding(CodeSystems.MEASUREMENT_TIMING, timing, timing)));
    o.addCategory(
        new CodeableConcept()
            .addCoding(
                new Coding(
                    "http://terminology.hl7.org/CodeSystem/observation-category",
                    "survey",
                    "Survey")));
    o.setValue(new Quantity().setValue(BigDecimal.valueOf(total)).setUnit("{score}"));
    o.setEffective(new DateTimeType(new Date()));
    o.addFocus(new Reference("Task/" + taskId));
    return o;
  }
}
