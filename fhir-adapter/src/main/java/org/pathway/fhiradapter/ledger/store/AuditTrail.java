package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.RequestContext;

/**
 * Who did what, when: {@code audit_event} (every API interaction and ledger change) and {@code
 * provenance} (every Task status change, with its actor and reason).
 */
@Singleton
public class AuditTrail {

  /** Records a successful {@code interaction} on {@code type/id} (id null for a search). */
  public void record(LedgerTx tx, String interaction, String type, String id, RequestContext ctx)
      throws SQLException {
    var recordedAt = LedgerTx.now();
    tx.append(
        "INSERT INTO audit_event (recorded_at, interaction, resource_type, resource_id,"
            + " request_id, correlation_id, actor, outcome) VALUES (?,?,?,?,?,?,?,?)",
        ps -> {
          ps.setObject(1, recordedAt);
          ps.setString(2, interaction);
          ps.setString(3, type);
          ps.setString(4, id);
          ps.setString(5, ctx.requestId());
          ps.setString(6, ctx.correlationId());
          ps.setString(7, ctx.actor() == null ? null : truncate(ctx.actor(), 256));
          ps.setString(8, "ok");
        });
  }

  /** Records that Task {@code taskId} moved {@code from} (null when new) {@code to} a status. */
  public void provenance(
      LedgerTx tx,
      String taskId,
      int version,
      OffsetDateTime at,
      TaskStatus from,
      TaskStatus to,
      String actor,
      String reason)
      throws SQLException {
    tx.append(
        "INSERT INTO provenance (task_id, task_version, recorded_at, from_status,"
            + " to_status, actor, reason) VALUES (?,?,?,?,?,?,?)",
        ps -> {
          ps.setString(1, taskId);
          ps.setInt(2, version);
          ps.setObject(3, at);
          ps.setString(4, from == null ? null : from.toCode());
          ps.setString(5, to.toCode());
          ps.setString(6, actor);
          ps.setString(7, reason == null ? null : truncate(reason, 512));
        });
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
