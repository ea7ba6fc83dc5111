package org.pathway.fhiradapter.fhir;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.avro.WellbeingScore;
import org.pathway.events.notifications.WellbeingScoreText;
import org.pathway.events.vocabulary.CodeSystems;

/**
 * Checks a wellbeing-score Observation before anything is written: a known instrument (Pathway's
 * instrument CodeSystem in {@code code}), a timing (Pathway's timing CodeSystem in {@code
 * category}), a total score within the instrument's range, a time it was taken (effective, or
 * failing that its QuestionnaireResponse's or its issued time) and a {@code focus} on a Task. A
 * plain function: Observation in, {@link OutcomeSubmission} or a refusal out.
 */
public final class OutcomeReader {

  /**
   * Inclusive total-score ranges: SWEMWBS 7 items x 1-5, WEMWBS 14 items x 1-5 (Warwick Medical
   * School's user guide), ONS4 the mean of four 0-10 items (ONS personal well-being guidance),
   * MYCAW the profile score, the mean of its items each 0-6 (Paterson et al., 2007: two concerns
   * and wellbeing, 0 = not bothering me at all, 6 = bothers me greatly), LONELINESS3 the sum of
   * three items 1-3 (Hughes et al., 2004, the UCLA three-item scale ONS recommends), 3-9.
   */
  private static final Map<WellbeingInstrument, double[]> RANGES =
      Map.of(
          WellbeingInstrument.SWEMWBS, new double[] {7, 35},
          WellbeingInstrument.WEMWBS, new double[] {14, 70},
          WellbeingInstrument.ONS4, new double[] {0, 10},
          WellbeingInstrument.MYCAW, new double[] {0, 6},
          WellbeingInstrument.LONELINESS3, new double[] {3, 9});

  private OutcomeReader() {}

  /**
   * Reads a score Observation; throws {@link RequestRejectedException} (invalid) naming the fault.
   */
  public static OutcomeSubmission read(Observation o) {
    Narrative.refuseActiveContent(o);
    Narrative.strip(o);
    List<Issue> issues = new ArrayList<>();
    if (o.getStatus() != ObservationStatus.FINAL
        && o.getStatus() != ObservationStatus.AMENDED
        && o.getStatus() != ObservationStatus.CORRECTED) {
      issues.add(
          new Issue(
              IssueType.VALUE,
              "Observation.status",
              "status must be final, amended or corrected for a recorded score"));
    }
    WellbeingInstrument instrument = instrument(o);
    if (instrument == null) {
      issues.add(
          new Issue(
              IssueType.CODEINVALID,
              "Observation.code",
              "code needs a coding from "
                  + CodeSystems.WELLBEING_INSTRUMENT
                  + " naming a known instrument: SWEMWBS, WEMWBS, ONS4, MYCAW or LONELINESS3"));
    }
    MeasurementTiming timing = timing(o);
    if (timing == null) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Observation.category",
              "category needs a coding from "
                  + CodeSystems.MEASUREMENT_TIMING
                  + ": entry, interim or exit"));
    }
    Double score = score(o);
    if (score == null) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Observation.value[x]",
              "the total score is required as valueQuantity.value or valueInteger"));
    } else if (instrument != null) {
      double[] range = RANGES.get(instrument);
      if (score < range[0] || score > range[1]) {
        issues.add(
            new Issue(
                IssueType.VALUE,
                "Observation.value[x]",
                instrument
                    + " total score "
                    + format(score)
                    + " is outside "
                    + format(range[0])
                    + "-"
                    + format(range[1])));
      }
    }
    String taskId = taskOf(o, issues);
    String qrId = questionnaireResponseOf(o, issues);
    Instant effective =
        o.hasEffectiveDateTimeType() && o.getEffectiveDateTimeType().getValue() != null
            ? o.getEffectiveDateTimeType().getValue().toInstant()
            : null;
    Instant issued = o.hasIssued() ? o.getIssued().toInstant() : null;
    if (effective == null && qrId == null && issued == null) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Observation.effective[x]",
              "effectiveDateTime (when the measure was taken) is required, unless the score"
                  + " names the QuestionnaireResponse it came from (its authored time) or has"
                  + " issued"));
    }
    String subjectRef = null;
    if (o.hasSubject()) {
      if (!"Patient".equals(o.getSubject().getReferenceElement().getResourceType())
          || !o.getSubject().getReferenceElement().hasIdPart()) {
        issues.add(
            new Issue(
                IssueType.VALUE,
                "Observation.subject",
                "subject must be a literal Patient reference (or be left out)"));
      } else {
        subjectRef = o.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
      }
    }
    StoredLengths.check(issues, "Observation.focus", taskId, StoredLengths.ID);
    StoredLengths.check(issues, "Observation.derivedFrom", qrId, StoredLengths.ID);
    StoredLengths.check(issues, "Observation.subject", subjectRef, StoredLengths.REFERENCE);
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
    return new OutcomeSubmission(
        o, taskId, subjectRef, instrument, timing, score, effective, qrId, issued);
  }

  /** {@code SWEMWBS exit 24}: what a GP letter or an evaluator's table shows for the score. */
  public static String display(
      WellbeingInstrument instrument, MeasurementTiming timing, double score) {
    return WellbeingScoreText.format(new WellbeingScore(instrument, timing, score, null));
  }

  private static WellbeingInstrument instrument(Observation o) {
    for (Coding c : o.getCode().getCoding()) {
      if (CodeSystems.WELLBEING_INSTRUMENT.equals(c.getSystem()) && c.hasCode()) {
        for (WellbeingInstrument i : RANGES.keySet()) {
          if (i.name().equalsIgnoreCase(c.getCode())) {
            return i;
          }
        }
      }
    }
    return null;
  }

  private static MeasurementTiming timing(Observation o) {
    for (var cc : o.getCategory()) {
      for (Coding c : cc.getCoding()) {
        if (CodeSystems.MEASUREMENT_TIMING.equals(c.getSystem()) && c.hasCode()) {
          return switch (c.getCode()) {
            case "entry" -> MeasurementTiming.ENTRY;
            case "interim" -> MeasurementTiming.INTERIM;
            case "exit" -> MeasurementTiming.EXIT;
            default -> null;
          };
        }
      }
    }
    return null;
  }

  private static Double score(Observation o) {
    if (o.hasValueIntegerType() && o.getValueIntegerType().getValue() != null) {
      return o.getValueIntegerType().getValue().doubleValue();
    }
    if (o.hasValueQuantity() && o.getValueQuantity().hasValue()) {
      BigDecimal v = o.getValueQuantity().getValue();
      return v.doubleValue();
    }
    return null;
  }

  private static String taskOf(Observation o, List<Issue> issues) {
    List<Reference> tasks =
        o.getFocus().stream()
            .filter(r -> "Task".equals(r.getReferenceElement().getResourceType()))
            .filter(r -> r.getReferenceElement().hasIdPart())
            .toList();
    if (tasks.size() != 1 || o.getFocus().size() != 1) {
      issues.add(
          new Issue(
              IssueType.REQUIRED,
              "Observation.focus",
              "focus must be exactly one literal reference to the Task (Task/{id}) the score"
                  + " belongs to"));
      return null;
    }
    return tasks.get(0).getReferenceElement().getIdPart();
  }

  private static String questionnaireResponseOf(Observation o, List<Issue> issues) {
    String id = null;
    for (Reference r : o.getDerivedFrom()) {
      if (!"QuestionnaireResponse".equals(r.getReferenceElement().getResourceType())
          || !r.getReferenceElement().hasIdPart()
          || id != null) {
        issues.add(
            new Issue(
                IssueType.VALUE,
                "Observation.derivedFrom",
                "derivedFrom may name one QuestionnaireResponse (QuestionnaireResponse/{id})"));
        return null;
      }
      id = r.getReferenceElement().getIdPart();
    }
    return id;
  }

  private static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : BigDecimal.valueOf(v).toPlainString();
  }
}
