package org.pathway.fhiradapter.ledger.store;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.fhiradapter.fhir.OutcomeSubmission;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.Visibility;

/** The {@code outcome} table: one row per wellbeing score, beside its Observation. */
@Singleton
public class OutcomeRows {

  /** A recorded score: the Task it belongs to, what it says and when it was taken. */
  public record Score(
      String taskId,
      WellbeingInstrument instrument,
      MeasurementTiming timing,
      double score,
      Instant effectiveAt) {}

  private final FhirContext fhir;

  public OutcomeRows(FhirContext fhir) {
    this.fhir = fhir;
  }

  /** Records the score of {@code s}, stored as Observation {@code observationId}. */
  public void insert(
      LedgerTx tx, String observationId, OutcomeSubmission s, String subjectRef, OffsetDateTime at)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO outcome (observation_id, task_id, subject_ref, instrument, timing,"
                    + " score, effective_at, questionnaire_response_id, recorded_at)"
                    + " VALUES (?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, observationId);
      ps.setString(2, s.taskId());
      ps.setString(3, subjectRef);
      ps.setString(4, s.instrument().name());
      ps.setString(5, s.timing().name());
      ps.setDouble(6, s.score());
      ps.setObject(7, s.effectiveAt().atOffset(ZoneOffset.UTC));
      ps.setString(8, s.questionnaireResponseId());
      ps.setObject(9, at);
      ps.executeUpdate();
    }
  }

  /** The score stored as Observation {@code observationId}, if it is one. */
  public Optional<Score> score(LedgerTx tx, String observationId) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT task_id, instrument, timing, score, effective_at FROM outcome"
                    + " WHERE observation_id = ?")) {
      ps.setString(1, observationId);
      try (var rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Score(
                    rs.getString(1),
                    WellbeingInstrument.valueOf(rs.getString(2)),
                    MeasurementTiming.valueOf(rs.getString(3)),
                    rs.getDouble(4),
                    rs.getObject(5, OffsetDateTime.class).toInstant()))
            : Optional.empty();
      }
    }
  }

  /**
   * Score Observations matching both criteria (null = any) on Tasks {@code v} may see, oldest
   * effective time first.
   */
  public List<Observation> search(
      LedgerTx tx, String taskId, String subjectRef, int limit, Visibility v) throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    Bodies.addCriterion(where, args, "o.task_id", taskId);
    Bodies.addCriterion(where, args, "o.subject_ref", subjectRef);
    where.append(" AND ").append(VisibleTasks.clinical("t", v, args));
    String query =
        "SELECT r.body FROM outcome o JOIN fhir_resource r"
            + " ON r.resource_type = 'Observation' AND r.id = o.observation_id"
            + " JOIN task t ON t.id = o.task_id"
            + where
            + " ORDER BY o.effective_at, o.observation_id FETCH FIRST "
            + limit
            + " ROWS ONLY";
    return Bodies.list(tx.connection(), fhir, Observation.class, query, args);
  }
}
