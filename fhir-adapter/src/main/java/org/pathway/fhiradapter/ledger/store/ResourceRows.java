package org.pathway.fhiradapter.ledger.store;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.fhiradapter.fhir.LocalReferences;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.Visibility;

/**
 * The {@code fhir_resource} table: every resource other than Tasks (ServiceRequest, Patient,
 * Observation, Communication, supporting resources), stored once as version 1.
 */
@Singleton
public class ResourceRows {

  private final FhirContext fhir;

  public ResourceRows(FhirContext fhir) {
    this.fhir = fhir;
  }

  /** Stores {@code r} as version 1 of the pathway {@code referralId}, stamped {@code at}. */
  public void insert(LedgerTx tx, Resource r, String referralId, OffsetDateTime at)
      throws SQLException {
    r.getMeta().setVersionId("1");
    r.getMeta().setLastUpdated(Date.from(at.toInstant()));
    String body = fhir.newJsonParser().encodeResourceToString(r);
    tx.append(
        "INSERT INTO fhir_resource (resource_type, id, version, last_updated,"
            + " referral_id, body) VALUES (?,?,?,?,?,?)",
        ps -> {
          ps.setString(1, r.fhirType());
          ps.setString(2, r.getIdElement().getIdPart());
          ps.setInt(3, 1);
          ps.setObject(4, at);
          ps.setString(5, referralId);
          ps.setString(6, body);
        });
  }

  /**
   * Stores {@code r} (held already) as version {@code version}, stamped {@code at}: a
   * ServiceRequest the referrer revoked. Other resources are written once.
   */
  public void replace(LedgerTx tx, Resource r, int version, OffsetDateTime at) throws SQLException {
    r.getMeta().setVersionId(Integer.toString(version));
    r.getMeta().setLastUpdated(Date.from(at.toInstant()));
    try (var ps =
        tx.connection()
            .prepareStatement(
                "UPDATE fhir_resource SET version = ?, last_updated = ?, body = ?"
                    + " WHERE resource_type = ? AND id = ?")) {
      ps.setInt(1, version);
      ps.setObject(2, at);
      ps.setString(3, fhir.newJsonParser().encodeResourceToString(r));
      ps.setString(4, r.fhirType());
      ps.setString(5, r.getIdElement().getIdPart());
      ps.executeUpdate();
    }
  }

  /** The stored resource {@code type/id}. */
  public Optional<Resource> read(LedgerTx tx, String type, String id) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT body FROM fhir_resource WHERE resource_type = ? AND id = ?")) {
      ps.setString(1, type);
      ps.setString(2, id);
      try (var rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of((Resource) fhir.newJsonParser().parseResource(rs.getString(1)))
            : Optional.empty();
      }
    }
  }

  /**
   * The stored resource {@code type/id} if {@code v} may see it: a ServiceRequest with its Task, a
   * score with the Task it was recorded against, a Patient with any referral of theirs, anything
   * else with its pathway's first Task. Empty when not held or not visible.
   */
  public Optional<Resource> read(LedgerTx tx, String type, String id, Visibility v)
      throws SQLException {
    List<Object> args = new ArrayList<>(List.of(type, id));
    String visible = VisibleTasks.clinical("t", v, args);
    String owning =
        switch (type) {
          case "ServiceRequest" -> "JOIN referral f ON f.id = r.id JOIN task t ON t.id = f.task_id";
          case "Observation" ->
              "JOIN outcome o ON o.observation_id = r.id JOIN task t ON t.id = o.task_id";
          case "Patient" ->
              "JOIN referral f ON f.patient_id = r.id JOIN task t ON t.id = f.task_id";
          default -> "JOIN referral f ON f.id = r.referral_id JOIN task t ON t.id = f.task_id";
        };
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT r.body FROM fhir_resource r "
                    + owning
                    + " WHERE r.resource_type = ? AND r.id = ? AND "
                    + visible
                    + " FETCH FIRST 1 ROWS ONLY")) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (var rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of((Resource) fhir.newJsonParser().parseResource(rs.getString(1)))
            : Optional.empty();
      }
    }
  }

  /**
   * The ServiceRequests {@code v} may see whose business identifier has {@code value} (and {@code
   * system}, unless null), oldest first, at most {@code limit}.
   */
  public List<Resource> serviceRequestsByIdentifier(
      LedgerTx tx, String system, String value, Visibility v, int limit) throws SQLException {
    List<Object> args = new ArrayList<>(List.of(value));
    String sameSystem = "";
    if (system != null) {
      sameSystem = " AND f.identifier_system = ?";
      args.add(system);
    }
    String visible = VisibleTasks.clinical("t", v, args);
    args.add(limit);
    List<Resource> found = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT r.body FROM referral f"
                    + " JOIN fhir_resource r ON r.resource_type = 'ServiceRequest' AND r.id = f.id"
                    + " JOIN task t ON t.id = f.task_id"
                    + " WHERE f.identifier_value = ?"
                    + sameSystem
                    + " AND "
                    + visible
                    + " ORDER BY f.created_at, f.id FETCH FIRST ? ROWS ONLY")) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add((Resource) fhir.newJsonParser().parseResource(rs.getString(1)));
        }
      }
    }
    return found;
  }

  /**
   * The resources the ServiceRequest {@code id} references that were stored with its pathway: the
   * context a referral came with (Patient, Encounter, Conditions, Flags...), in the order the
   * ServiceRequest names them. Call only for a ServiceRequest the caller may see.
   */
  public List<Resource> contextOf(LedgerTx tx, ServiceRequest sr) throws SQLException {
    List<Resource> found = new ArrayList<>();
    for (String ref : new java.util.TreeSet<>(LocalReferences.in(sr))) {
      var id = new org.hl7.fhir.r4.model.IdType(ref);
      if (!id.hasResourceType()
          || !id.hasIdPart()
          || "ServiceRequest".equals(id.getResourceType())) {
        continue;
      }
      try (var ps =
          tx.connection()
              .prepareStatement(
                  "SELECT c.body FROM fhir_resource c JOIN fhir_resource s"
                      + " ON s.resource_type = 'ServiceRequest' AND s.id = ?"
                      + " AND c.referral_id = s.referral_id"
                      + " WHERE c.resource_type = ? AND c.id = ?")) {
        ps.setString(1, sr.getIdElement().getIdPart());
        ps.setString(2, id.getResourceType());
        ps.setString(3, id.getIdPart());
        try (var rs = ps.executeQuery()) {
          if (rs.next()) {
            found.add((Resource) fhir.newJsonParser().parseResource(rs.getString(1)));
          }
        }
      }
    }
    return found;
  }

  /**
   * The Consents held for a pathway (root referral id): those sent beside the referral or posted
   * since (a withdrawal), and those contained in the referral's ServiceRequest.
   */
  public List<Resource> consentsOf(LedgerTx tx, String rootReferralId) throws SQLException {
    List<Resource> found =
        new ArrayList<>(
            Bodies.list(
                tx.connection(),
                fhir,
                Consent.class,
                "SELECT body FROM fhir_resource WHERE resource_type = 'Consent'"
                    + " AND referral_id = ? ORDER BY last_updated",
                List.of(rootReferralId)));
    read(tx, "ServiceRequest", rootReferralId)
        .ifPresent(sr -> found.addAll(((ServiceRequest) sr).getContained()));
    return found;
  }

  /**
   * The pathways (root referral ids) of the person the ledger holds as Patient {@code patientId},
   * oldest first: every referral of theirs, whoever made it.
   */
  public List<String> pathwaysOf(LedgerTx tx, String patientId) throws SQLException {
    List<String> roots = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT root_referral_id FROM referral WHERE patient_id = ?"
                    + " GROUP BY root_referral_id ORDER BY MIN(created_at)")) {
      ps.setString(1, patientId);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          roots.add(rs.getString(1));
        }
      }
    }
    return roots;
  }

  /**
   * Every resource held for a pathway (root referral id) but its Tasks, whose versions live in
   * their own table: ServiceRequests, Consents, QuestionnaireResponses, Observations,
   * Communications and what came with the referral, oldest first.
   */
  public List<Resource> allOf(LedgerTx tx, String rootReferralId) throws SQLException {
    List<Resource> found = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT body FROM fhir_resource WHERE referral_id = ? AND resource_type <> 'Task'"
                    + " ORDER BY last_updated, resource_type, id")) {
      ps.setString(1, rootReferralId);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add((Resource) fhir.newJsonParser().parseResource(rs.getString(1)));
        }
      }
    }
    return found;
  }

  /** Communications recorded for a pathway (root referral id), oldest first. */
  public List<Communication> communicationsOf(LedgerTx tx, String rootReferralId)
      throws SQLException {
    return Bodies.list(
        tx.connection(),
        fhir,
        Communication.class,
        "SELECT body FROM fhir_resource WHERE resource_type = 'Communication'"
            + " AND referral_id = ? ORDER BY last_updated",
        List.of(rootReferralId));
  }
}
