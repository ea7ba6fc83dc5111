package org.pathway.fhiradapter.ledger;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskIntent;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.OutcomeReader;
import org.pathway.fhiradapter.fhir.OutcomeSubmission;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.fhir.ReferralSubmission;
import org.pathway.fhiradapter.fhir.RequestRejectedException;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * The system of record. Every FHIR write is one JDBC transaction holding the resource change, the
 * Task version, its provenance, an audit record and the outbox rows announcing it; a caller sees
 * success only after that transaction committed.
 */
@Singleton
public class Ledger {

  /** Task.code for every hop. */
  public static final String TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code";

  /** Task.groupIdentifier system: the BaRS correlation id that also travels on every event. */
  public static final String CORRELATION_SYSTEM = IdentifierSystems.CORRELATION_ID;

  private final Sql sql;
  private final FhirContext fhir;
  private final EventSerializer serializer = new EventSerializer();
  private final Duration firstStepSla;

  private final CommitSignal signal;

  public Ledger(DataSource dataSource, FhirContext fhir, LedgerConfig config, CommitSignal signal) {
    this.sql = new Sql(dataSource);
    this.signal = signal;
    this.fhir = fhir;
    this.firstStepSla = config.firstStepSla();
  }

  /** The outcome of recording a referral. */
  public record Accepted(
      String referralId, String taskId, boolean created, ServiceRequest serviceRequest) {}

  /** An outbox row waiting for the relay. */
  public record OutboxRow(long seq, String topic, String referralId, byte[] payload) {}

  // ---------------------------------------------------------------- intake

  /**
   * Records a referral: ServiceRequest, Patient, supporting resources, the Task, audit, provenance
   * and its event, in one transaction. A referral whose business identifier is already held is
   * answered with the original ({@code created == false}); a repeated X-Request-ID is refused 409.
   */
  public Accepted recordReferral(ReferralSubmission s, RequestContext ctx) {
    try {
      Accepted accepted = sql.inTransaction(c -> insertReferral(c, s, ctx));
      signal.committed();
      return accepted;
    } catch (IdentifierTaken taken) {
      // Another request with the same business identifier committed first: answer with its result.
      return existingReferral(s.identifierSystem(), s.identifierValue())
          .orElseThrow(() -> new IllegalStateException("identifier taken but not found", taken));
    }
  }

  private Accepted insertReferral(Connection c, ReferralSubmission s, RequestContext ctx)
      throws SQLException {
    String referralId = UUID.randomUUID().toString();
    rememberRequestId(c, ctx, referralId);
    Optional<Accepted> existing = findReferral(c, s.identifierSystem(), s.identifierValue());
    if (existing.isPresent()) {
      audit(c, "create-existing", "ServiceRequest", existing.get().referralId(), ctx, "ok");
      return existing.get();
    }

    OffsetDateTime at = now();
    Instant instant = at.toInstant();
    String taskId = UUID.randomUUID().toString();
    String rootReferralId = referralId;
    String parentTaskId = null;
    Task parent = null;
    if (s.isOnward()) {
      var based = referralRow(c, s.basedOnReferralId());
      if (based == null) {
        throw new RequestRejectedException(
            422,
            new Issue(
                IssueType.NOTFOUND,
                "ServiceRequest.basedOn",
                "ServiceRequest/" + s.basedOnReferralId() + " is not held by this service"));
      }
      rootReferralId = based.rootReferralId();
      parentTaskId = based.taskId();
      parent = lockTask(c, parentTaskId).orElseThrow();
    }

    String patientId = s.existingPatientId();
    if (patientId == null) {
      patientId = UUID.randomUUID().toString();
      Patient p = s.patient();
      p.setId(patientId);
      insertResource(c, p, rootReferralId, at);
    }
    ServiceRequest sr = s.serviceRequest();
    sr.setId(referralId);
    if (sr.getSubject().hasReference() && !sr.getSubject().getReference().startsWith("#")) {
      sr.setSubject(new Reference("Patient/" + patientId));
    }
    if (sr.getRequester().hasReference() && sr.getRequester().getReference().startsWith("urn:")) {
      // A Bundle-local requester is not kept; keep who it was by identifier and name.
      sr.getRequester().setReference(null);
    }
    insertResource(c, sr, rootReferralId, at);
    for (Resource extra : s.supporting()) {
      extra.setId(UUID.randomUUID().toString());
      insertResource(c, extra, rootReferralId, at);
    }

    try (var ps =
        c.prepareStatement(
            "INSERT INTO referral (id, identifier_system, identifier_value, root_referral_id,"
                + " task_id, patient_id, nhs_number, correlation_id, created_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, referralId);
      ps.setString(2, s.identifierSystem());
      ps.setString(3, s.identifierValue());
      ps.setString(4, rootReferralId);
      ps.setString(5, taskId);
      ps.setString(6, patientId);
      ps.setString(7, s.nhsNumber());
      ps.setString(8, ctx.correlationId());
      ps.setObject(9, at);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new IdentifierTaken(e);
      }
      throw e;
    }

    Task task = new Task();
    task.setId(taskId);
    task.setStatus(TaskStatus.REQUESTED);
    task.setIntent(TaskIntent.ORDER);
    task.getCode().addCoding().setSystem(TASK_CODE_SYSTEM).setCode("fulfill");
    task.setFocus(new Reference("ServiceRequest/" + referralId));
    task.setFor(new Reference("Patient/" + patientId));
    task.setRequester(sr.getRequester().copy());
    if (sr.hasPerformer()) {
      task.setOwner(sr.getPerformerFirstRep().copy());
    }
    if (parentTaskId != null) {
      task.addPartOf(new Reference("Task/" + parentTaskId));
    }
    task.setGroupIdentifier(
        new Identifier().setSystem(CORRELATION_SYSTEM).setValue(ctx.correlationId()));
    task.setAuthoredOn(Date.from(instant));
    // Whole seconds: what Task.restriction.period.end (a dateTime) carries once stored.
    Instant dueAt = instant.plus(firstStepSla).truncatedTo(ChronoUnit.SECONDS);
    task.getRestriction().setPeriod(new Period().setEnd(Date.from(dueAt)));
    writeTaskVersion(
        c, task, 1, referralId, rootReferralId, s.requesterRef(), s.ownerRef(), at, true);
    provenance(c, taskId, 1, at, null, TaskStatus.REQUESTED, ctx.actor(), null);
    audit(c, "create", "ServiceRequest", referralId, ctx, "ok");

    EventEnvelope env = EventMapper.envelope(rootReferralId, ctx.correlationId(), null, instant);
    SpecificRecord event =
        s.isOnward()
            ? EventMapper.onwardReferralCreated(s, referralId, taskId, parentTaskId, env)
            : EventMapper.referralReceived(s, referralId, taskId, env, dueAt);
    outbox(c, rootReferralId, env, event, at);
    if (parent != null) {
      markOnwardReferred(c, parent, ctx, at);
    }
    return new Accepted(referralId, taskId, true, sr);
  }

  /** Keeps the BaRS X-Request-ID with what it created; a repeat is refused 409 duplicate. */
  private static void rememberRequestId(Connection c, RequestContext ctx, String createdId)
      throws SQLException {
    if (ctx.requestId() == null) {
      return;
    }
    try (var ps =
        c.prepareStatement(
            "INSERT INTO request_key (request_id, referral_id, received_at) VALUES (?,?,?)")) {
      ps.setString(1, ctx.requestId());
      ps.setString(2, createdId);
      ps.setObject(3, now());
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new RequestRejectedException(
            409,
            new Issue(
                IssueType.DUPLICATE,
                null,
                "X-Request-ID " + ctx.requestId() + " has already been received"));
      }
      throw e;
    }
  }

  private void markOnwardReferred(Connection c, Task parent, RequestContext ctx, OffsetDateTime at)
      throws SQLException {
    Task before = parent.copy();
    Task after = parent.copy();
    after.setBusinessStatus(businessStatus("onward-referred"));
    saveChangedTask(c, before, after, ctx, at);
  }

  private Optional<Accepted> existingReferral(String system, String value) {
    return sql.inTransaction(c -> findReferral(c, system, value));
  }

  private Optional<Accepted> findReferral(Connection c, String system, String value)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "SELECT id, task_id FROM referral WHERE identifier_system = ? AND identifier_value = ?")) {
      ps.setString(1, system);
      ps.setString(2, value);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String id = rs.getString(1);
        String taskId = rs.getString(2);
        ServiceRequest sr = (ServiceRequest) readResource(c, "ServiceRequest", id).orElseThrow();
        return Optional.of(new Accepted(id, taskId, false, sr));
      }
    }
  }

  private record ReferralRow(String id, String rootReferralId, String taskId) {}

  private static ReferralRow referralRow(Connection c, String id) throws SQLException {
    try (var ps =
        c.prepareStatement("SELECT id, root_referral_id, task_id FROM referral WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new ReferralRow(rs.getString(1), rs.getString(2), rs.getString(3))
            : null;
      }
    }
  }

  private static final class IdentifierTaken extends RuntimeException {
    IdentifierTaken(Throwable cause) {
      super(cause);
    }
  }

  // ---------------------------------------------------------------- reads

  /** The current version of a stored resource. */
  public Optional<Resource> read(String type, String id) {
    if ("Task".equals(type)) {
      return readTask(id).map(Resource.class::cast);
    }
    return sql.inTransaction(c -> readResource(c, type, id));
  }

  /** The current version of a Task. */
  public Optional<Task> readTask(String id) {
    return sql.inTransaction(
        c -> {
          try (var ps = c.prepareStatement("SELECT body FROM task WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(parse(Task.class, rs.getString(1))) : Optional.empty();
            }
          }
        });
  }

  /** One version of a Task. */
  public Optional<Task> readTaskVersion(String id, int version) {
    return sql.inTransaction(
        c -> {
          try (var ps =
              c.prepareStatement("SELECT body FROM task_version WHERE id = ? AND version = ?")) {
            ps.setString(1, id);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(parse(Task.class, rs.getString(1))) : Optional.empty();
            }
          }
        });
  }

  /** Every version of a Task, newest first. */
  public List<Task> taskHistory(String id) {
    return sql.inTransaction(
        c -> {
          List<Task> out = new ArrayList<>();
          try (var ps =
              c.prepareStatement(
                  "SELECT body FROM task_version WHERE id = ? ORDER BY version DESC")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(parse(Task.class, rs.getString(1)));
              }
            }
          }
          return out;
        });
  }

  /** Tasks matching every given criterion, oldest change first. */
  public List<Task> searchTasks(TaskQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    addCriterion(where, args, "requester_ref", q.requester());
    addCriterion(where, args, "owner_ref", q.owner());
    addCriterion(where, args, "subject_ref", q.subject());
    addCriterion(where, args, "status", q.status());
    addCriterion(where, args, "focus_ref", q.focus());
    addCriterion(where, args, "part_of", q.partOf());
    if (q.updatedFrom() != null) {
      where.append(" AND last_updated >= ?");
      args.add(q.updatedFrom().atOffset(ZoneOffset.UTC));
    }
    if (q.updatedTo() != null) {
      where.append(" AND last_updated < ?");
      args.add(q.updatedTo().atOffset(ZoneOffset.UTC));
    }
    String query =
        "SELECT body FROM task"
            + where
            + " ORDER BY last_updated, id FETCH FIRST "
            + q.limit()
            + " ROWS ONLY";
    return bodies(Task.class, query, args);
  }

  /** Runs a search whose first column is a resource body, and parses each row. */
  private <T extends Resource> List<T> bodies(Class<T> type, String query, List<Object> args) {
    return sql.inTransaction(
        c -> {
          List<T> out = new ArrayList<>();
          try (var ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(parse(type, rs.getString(1)));
              }
            }
          }
          return out;
        });
  }

  private static void addCriterion(StringBuilder where, List<Object> args, String col, String v) {
    if (v != null) {
      where.append(" AND ").append(col).append(" = ?");
      args.add(v);
    }
  }

  /** Records a read-only API interaction in the audit trail. */
  public void auditRead(String interaction, String type, String id, RequestContext ctx) {
    sql.inTransaction(
        c -> {
          audit(c, interaction, type, id, ctx, "ok");
          return null;
        });
  }

  // ---------------------------------------------------------------- Task updates

  /**
   * Writes a new version of a Task from an update. Only status, statusReason, businessStatus,
   * owner, output and note may change; the state machine guards status. Cancelling cascades to
   * every open child Task.
   *
   * @param expectedVersion the If-Match version, or null when the caller sent none
   */
  public Task updateTask(String id, Integer expectedVersion, Task incoming, RequestContext ctx) {
    Task saved = updateTaskInTransaction(id, expectedVersion, incoming, ctx);
    signal.committed();
    return saved;
  }

  private Task updateTaskInTransaction(
      String id, Integer expectedVersion, Task incoming, RequestContext ctx) {
    return sql.inTransaction(
        c -> {
          Task current =
              lockTask(c, id)
                  .orElseThrow(
                      () ->
                          new RequestRejectedException(
                              404,
                              new Issue(IssueType.NOTFOUND, null, "Task/" + id + " not found")));
          int version = Integer.parseInt(current.getMeta().getVersionId());
          if (expectedVersion != null && expectedVersion != version) {
            throw new RequestRejectedException(
                412,
                new Issue(
                    IssueType.CONFLICT,
                    null,
                    "If-Match version "
                        + expectedVersion
                        + " is not the current version "
                        + version));
          }
          checkUnchanged(current, incoming);
          Task after = current.copy();
          after.setStatus(incoming.getStatus());
          after.setStatusReason(incoming.hasStatusReason() ? incoming.getStatusReason() : null);
          after.setBusinessStatus(
              incoming.hasBusinessStatus() ? incoming.getBusinessStatus() : null);
          after.setOwner(incoming.hasOwner() ? incoming.getOwner() : null);
          after.setOutput(incoming.getOutput());
          after.setNote(incoming.getNote());
          if (incoming.getRestriction().getPeriod().hasEnd()) {
            // The owner may reschedule the step; a new due time gets its own overdue notice.
            after
                .getRestriction()
                .getPeriod()
                .setEnd(incoming.getRestriction().getPeriod().getEnd());
          }
          describeOutcomeOutputs(c, id, after);
          var refusal =
              TaskTransitions.check(
                  current.getStatus(),
                  after.getStatus(),
                  after.hasStatusReason(),
                  after.hasOutput());
          if (refusal.isPresent()) {
            var r = refusal.get();
            int status = r.kind() == TaskTransitions.Kind.ILLEGAL_TRANSITION ? 409 : 422;
            IssueType type =
                r.kind() == TaskTransitions.Kind.ILLEGAL_TRANSITION
                    ? IssueType.BUSINESSRULE
                    : IssueType.REQUIRED;
            throw new RequestRejectedException(
                status, new Issue(type, r.expression(), r.message()));
          }
          OffsetDateTime at = now();
          Task saved = saveChangedTask(c, current, after, ctx, at);
          audit(c, "update", "Task", id, ctx, "ok");
          return saved;
        });
  }

  /**
   * Checks every {@code Task.output} that references an Observation: it must be a score recorded
   * against this Task. Its type and display are then set from the ledger ({@code SWEMWBS exit 24}),
   * so the event telling the GP carries the outcome, not just a link.
   */
  private static void describeOutcomeOutputs(Connection c, String taskId, Task after)
      throws SQLException {
    List<Issue> issues = new ArrayList<>();
    for (int i = 0; i < after.getOutput().size(); i++) {
      var output = after.getOutput().get(i);
      if (!(output.getValue() instanceof Reference ref)
          || !"Observation".equals(ref.getReferenceElement().getResourceType())) {
        continue;
      }
      String observationId = ref.getReferenceElement().getIdPart();
      try (var ps =
          c.prepareStatement(
              "SELECT task_id, instrument, timing, score FROM outcome WHERE observation_id = ?")) {
        ps.setString(1, observationId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || !taskId.equals(rs.getString(1))) {
            issues.add(
                new Issue(
                    IssueType.NOTFOUND,
                    "Task.output[" + i + "].value",
                    "Observation/"
                        + observationId
                        + " is not a score recorded against Task/"
                        + taskId));
            continue;
          }
          ref.setReference("Observation/" + observationId);
          ref.setDisplay(
              OutcomeReader.display(
                  org.pathway.events.avro.WellbeingInstrument.valueOf(rs.getString(2)),
                  org.pathway.events.avro.MeasurementTiming.valueOf(rs.getString(3)),
                  rs.getDouble(4)));
          if (!output.hasType()) {
            output.setType(
                new CodeableConcept()
                    .addCoding(
                        new org.hl7.fhir.r4.model.Coding()
                            .setSystem(CodeSystems.TASK_OUTPUT_TYPE)
                            .setCode("wellbeing-score")
                            .setDisplay("Wellbeing score")));
          }
        }
      }
    }
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(422, issues);
    }
  }

  private static void checkUnchanged(Task current, Task incoming) {
    List<Issue> issues = new ArrayList<>();
    if (!sameRef(current.getFocus(), incoming.getFocus())) {
      issues.add(new Issue(IssueType.BUSINESSRULE, "Task.focus", "focus cannot change"));
    }
    if (!sameRef(current.getFor(), incoming.getFor())) {
      issues.add(new Issue(IssueType.BUSINESSRULE, "Task.for", "for cannot change"));
    }
    if (incoming.hasIntent() && incoming.getIntent() != current.getIntent()) {
      issues.add(new Issue(IssueType.BUSINESSRULE, "Task.intent", "intent cannot change"));
    }
    if (!incoming.hasStatus()) {
      issues.add(new Issue(IssueType.REQUIRED, "Task.status", "status is required"));
    }
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(422, issues);
    }
  }

  private static boolean sameRef(Reference a, Reference b) {
    return Objects.equals(
        a.getReferenceElement().toUnqualifiedVersionless().getValue(),
        b.getReferenceElement().toUnqualifiedVersionless().getValue());
  }

  /**
   * Stores {@code after} as the next version of {@code before}, with provenance and its events;
   * cascades a cancellation to open children. Returns the stored version.
   */
  private Task saveChangedTask(
      Connection c, Task before, Task after, RequestContext ctx, OffsetDateTime at)
      throws SQLException {
    String id = before.getIdElement().getIdPart();
    after.setId(id);
    TaskKeys keys = taskKeys(c, id);
    int version = writeNextVersion(c, before, after, keys, at);
    boolean statusChanged = before.getStatus() != after.getStatus();
    if (statusChanged) {
      provenance(
          c,
          id,
          version,
          at,
          before.getStatus(),
          after.getStatus(),
          ctx.actor(),
          after.hasStatusReason() ? after.getStatusReason().getText() : null);
    }
    Actor by = EventMapper.system(ctx.actor() == null ? "unknown" : ctx.actor());
    Instant instant = at.toInstant();
    String correlation = after.getGroupIdentifier().getValue();
    if (statusChanged && after.getStatus() == TaskStatus.CANCELLED) {
      List<String> cascaded = new ArrayList<>();
      cancelChildren(c, id, after.getStatusReason(), ctx, at, cascaded);
      var env =
          EventMapper.envelope(keys.rootReferralId(), correlation, ctx.causationId(), instant);
      outbox(
          c,
          keys.rootReferralId(),
          env,
          EventMapper.referralCancelled(keys.referralId(), after, cascaded, env, by),
          at);
    } else if (statusChanged
        || !before.getBusinessStatus().equalsDeep(after.getBusinessStatus())
        || !before.getOwner().equalsDeep(after.getOwner())) {
      var env =
          EventMapper.envelope(keys.rootReferralId(), correlation, ctx.causationId(), instant);
      outbox(
          c, keys.rootReferralId(), env, EventMapper.taskStatusChanged(before, after, env, by), at);
    }
    return after;
  }

  private void cancelChildren(
      Connection c,
      String parentId,
      CodeableConcept reason,
      RequestContext ctx,
      OffsetDateTime at,
      List<String> cascaded)
      throws SQLException {
    List<String> children = new ArrayList<>();
    try (var ps = c.prepareStatement("SELECT id FROM task WHERE part_of = ? ORDER BY id")) {
      ps.setString(1, parentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          children.add(rs.getString(1));
        }
      }
    }
    for (String childId : children) {
      Task child = lockTask(c, childId).orElseThrow();
      if (TaskTransitions.isTerminal(child.getStatus())) {
        continue;
      }
      Task after = child.copy();
      after.setStatus(TaskStatus.CANCELLED);
      after.setStatusReason(reason.copy());
      saveChangedTaskCascade(c, child, after, ctx, at);
      cascaded.add(childId);
      cancelChildren(c, childId, reason, ctx, at, cascaded);
    }
  }

  /** A cascaded cancellation: announced as a status change of the child, not a new cancel. */
  private void saveChangedTaskCascade(
      Connection c, Task before, Task after, RequestContext ctx, OffsetDateTime at)
      throws SQLException {
    String id = before.getIdElement().getIdPart();
    TaskKeys keys = taskKeys(c, id);
    int version = writeNextVersion(c, before, after, keys, at);
    provenance(
        c,
        id,
        version,
        at,
        before.getStatus(),
        after.getStatus(),
        ctx.actor(),
        "cascaded from parent");
    var env =
        EventMapper.envelope(
            keys.rootReferralId(),
            after.getGroupIdentifier().getValue(),
            ctx.causationId(),
            at.toInstant());
    outbox(
        c,
        keys.rootReferralId(),
        env,
        EventMapper.taskStatusChanged(before, after, env, EventMapper.system("cascade")),
        at);
  }

  /** Writes {@code after} as the version after {@code before}, stamped {@code at}; returns it. */
  private int writeNextVersion(
      Connection c, Task before, Task after, TaskKeys keys, OffsetDateTime at) throws SQLException {
    int version = Integer.parseInt(before.getMeta().getVersionId()) + 1;
    after.setLastModified(Date.from(at.toInstant()));
    writeTaskVersion(
        c,
        after,
        version,
        keys.referralId(),
        keys.rootReferralId(),
        ReferralReader.tokenOf(after.getRequester()),
        after.hasOwner() ? ReferralReader.tokenOf(after.getOwner()) : null,
        at,
        false);
    return version;
  }

  private record TaskKeys(String referralId, String rootReferralId) {}

  private static TaskKeys taskKeys(Connection c, String taskId) throws SQLException {
    try (var ps =
        c.prepareStatement("SELECT referral_id, root_referral_id FROM task WHERE id = ?")) {
      ps.setString(1, taskId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new TaskKeys(rs.getString(1), rs.getString(2));
      }
    }
  }

  private Optional<Task> lockTask(Connection c, String id) throws SQLException {
    try (var ps = c.prepareStatement("SELECT body FROM task WHERE id = ? FOR UPDATE")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(parse(Task.class, rs.getString(1))) : Optional.empty();
      }
    }
  }

  // ---------------------------------------------------------------- outcomes

  /**
   * Records a wellbeing score against its Task: the Observation, its outcome row, an audit record
   * and the {@code OutcomeRecorded} event, in one transaction. The Task must be held; a subject, if
   * given, must be the Task's patient; a QuestionnaireResponse, if named, must be held.
   */
  public Observation recordOutcome(OutcomeSubmission s, RequestContext ctx) {
    Observation saved = sql.inTransaction(c -> insertOutcome(c, s, ctx));
    signal.committed();
    return saved;
  }

  private Observation insertOutcome(Connection c, OutcomeSubmission s, RequestContext ctx)
      throws SQLException {
    String observationId = UUID.randomUUID().toString();
    rememberRequestId(c, ctx, observationId);
    Task task =
        lockTask(c, s.taskId())
            .orElseThrow(
                () ->
                    new RequestRejectedException(
                        422,
                        new Issue(
                            IssueType.NOTFOUND,
                            "Observation.focus",
                            "Task/" + s.taskId() + " is not held by this service")));
    if (task.getStatus() == TaskStatus.ENTEREDINERROR) {
      throw new RequestRejectedException(
          409,
          new Issue(
              IssueType.BUSINESSRULE,
              "Observation.focus",
              "Task/" + s.taskId() + " was entered in error"));
    }
    String patientRef = task.getFor().getReference();
    if (s.subjectRef() != null && !s.subjectRef().equals(patientRef)) {
      throw new RequestRejectedException(
          422,
          new Issue(
              IssueType.BUSINESSRULE,
              "Observation.subject",
              "subject " + s.subjectRef() + " is not the patient of Task/" + s.taskId()));
    }
    if (s.questionnaireResponseId() != null
        && readResource(c, "QuestionnaireResponse", s.questionnaireResponseId()).isEmpty()) {
      throw new RequestRejectedException(
          422,
          new Issue(
              IssueType.NOTFOUND,
              "Observation.derivedFrom",
              "QuestionnaireResponse/" + s.questionnaireResponseId() + " is not held"));
    }
    TaskKeys keys = taskKeys(c, s.taskId());
    OffsetDateTime at = now();
    Observation o = s.observation();
    o.setId(observationId);
    o.setSubject(new Reference(patientRef));
    o.setFocus(List.of(new Reference("Task/" + s.taskId())));
    insertResource(c, o, keys.rootReferralId(), at);
    try (var ps =
        c.prepareStatement(
            "INSERT INTO outcome (observation_id, task_id, subject_ref, instrument, timing, score,"
                + " effective_at, questionnaire_response_id, recorded_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, observationId);
      ps.setString(2, s.taskId());
      ps.setString(3, patientRef);
      ps.setString(4, s.instrument().name());
      ps.setString(5, s.timing().name());
      ps.setDouble(6, s.score());
      ps.setObject(7, s.effectiveAt().atOffset(ZoneOffset.UTC));
      ps.setString(8, s.questionnaireResponseId());
      ps.setObject(9, at);
      ps.executeUpdate();
    }
    audit(c, "create", "Observation", observationId, ctx, "ok");
    var env =
        EventMapper.envelope(
            keys.rootReferralId(),
            task.getGroupIdentifier().getValue(),
            ctx.causationId(),
            at.toInstant());
    outbox(
        c,
        keys.rootReferralId(),
        env,
        EventMapper.outcomeRecorded(s, s.taskId(), observationId, env),
        at);
    return o;
  }

  /** Score Observations matching both criteria (null = any), oldest effective time first. */
  public List<Observation> searchOutcomes(String taskId, String subjectRef, int limit) {
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    addCriterion(where, args, "o.task_id", taskId);
    addCriterion(where, args, "o.subject_ref", subjectRef);
    String query =
        "SELECT r.body FROM outcome o JOIN fhir_resource r"
            + " ON r.resource_type = 'Observation' AND r.id = o.observation_id"
            + where
            + " ORDER BY o.effective_at, o.observation_id FETCH FIRST "
            + limit
            + " ROWS ONLY";
    return bodies(Observation.class, query, args);
  }

  // ---------------------------------------------------------------- SLA watch

  private record DueTask(String taskId, OffsetDateTime dueAt) {}

  private static final class NoticeTaken extends RuntimeException {
    NoticeTaken(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Emits one {@code ReferralOverdue} per open Task whose due time is at or before {@code asOf} and
   * has not been announced yet, each in its own transaction with its {@code overdue_notice} row.
   * The Task row lock and the notice's key (task, due time) keep it to one event per Task per due
   * time, however many scans or adapter instances run at once.
   *
   * @return the ids of the Tasks flagged by this call (at most {@code limit})
   */
  public List<String> flagOverdue(Instant asOf, int limit) {
    String open =
        TaskTransitions.openStatuses().stream()
            .map(st -> "'" + st.toCode() + "'")
            .sorted()
            .collect(java.util.stream.Collectors.joining(","));
    OffsetDateTime cutoff = asOf.atOffset(ZoneOffset.UTC);
    List<DueTask> due =
        sql.inTransaction(
            c -> {
              List<DueTask> out = new ArrayList<>();
              try (var ps =
                  c.prepareStatement(
                      "SELECT t.id, t.due_at FROM task t WHERE t.status IN ("
                          + open
                          + ") AND t.due_at <= ? AND NOT EXISTS (SELECT 1 FROM overdue_notice n"
                          + " WHERE n.task_id = t.id AND n.due_at = t.due_at)"
                          + " ORDER BY t.due_at, t.id FETCH FIRST "
                          + limit
                          + " ROWS ONLY")) {
                ps.setObject(1, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(new DueTask(rs.getString(1), rs.getObject(2, OffsetDateTime.class)));
                  }
                }
              }
              return out;
            });
    List<String> flagged = new ArrayList<>();
    for (DueTask d : due) {
      try {
        if (sql.inTransaction(c -> flagOne(c, d))) {
          flagged.add(d.taskId());
        }
      } catch (NoticeTaken taken) {
        // Another scan (or adapter instance) announced it first.
      }
    }
    if (!flagged.isEmpty()) {
      signal.committed();
    }
    return flagged;
  }

  private boolean flagOne(Connection c, DueTask d) throws SQLException {
    Task task = lockTask(c, d.taskId()).orElse(null);
    if (task == null || TaskTransitions.isTerminal(task.getStatus())) {
      return false;
    }
    Instant end = dueAt(task);
    if (end == null || !end.equals(d.dueAt().toInstant())) {
      return false; // rescheduled since the candidate query: the next scan sees the new due time
    }
    try (var ps =
        c.prepareStatement("SELECT 1 FROM overdue_notice WHERE task_id = ? AND due_at = ?")) {
      ps.setString(1, d.taskId());
      ps.setObject(2, d.dueAt());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return false;
        }
      }
    }
    OffsetDateTime at = now();
    TaskKeys keys = taskKeys(c, d.taskId());
    String correlation = task.getGroupIdentifier().getValue();
    var env = EventMapper.envelope(keys.rootReferralId(), correlation, null, at.toInstant());
    try (var ps =
        c.prepareStatement(
            "INSERT INTO overdue_notice (task_id, due_at, event_id, emitted_at) VALUES (?,?,?,?)")) {
      ps.setString(1, d.taskId());
      ps.setObject(2, d.dueAt());
      ps.setString(3, env.getEventId().toString());
      ps.setObject(4, at);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new NoticeTaken(e);
      }
      throw e;
    }
    outbox(
        c,
        keys.rootReferralId(),
        env,
        EventMapper.referralOverdue(task, TaskTransitions.pendingStep(task.getStatus()), end, env),
        at);
    audit(
        c,
        "overdue",
        "Task",
        d.taskId(),
        new RequestContext(null, correlation, "system:sla-watch", null),
        "ok");
    return true;
  }

  // ---------------------------------------------------------------- applied events

  /** What applying a consumed event did. */
  public enum Applied {
    APPLIED,
    ALREADY_APPLIED
  }

  /** A change to the Task of a referral caused by a consumed event. */
  @FunctionalInterface
  public interface TaskChange {
    /** The new content for {@code current} (a copy may be changed and returned), or null. */
    Task apply(Task current);
  }

  /**
   * Applies a consumed event to the Task {@code taskId} (or the referral's first Task when null),
   * once per {@code eventId}; a redelivery changes nothing.
   *
   * @param communication a Communication to record with the change, or null
   * @throws RequestRejectedException (404) when neither Task nor referral is held
   */
  public Applied applyEvent(
      String eventId,
      String topic,
      String referralId,
      String taskId,
      TaskChange change,
      Communication communication,
      RequestContext ctx) {
    Applied applied =
        applyInTransaction(eventId, topic, referralId, taskId, change, communication, ctx);
    signal.committed();
    return applied;
  }

  private Applied applyInTransaction(
      String eventId,
      String topic,
      String referralId,
      String taskId,
      TaskChange change,
      Communication communication,
      RequestContext ctx) {
    return sql.inTransaction(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "INSERT INTO applied_event (event_id, topic, applied_at) VALUES (?,?,?)")) {
            ps.setString(1, eventId);
            ps.setString(2, topic);
            ps.setObject(3, now());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
              return Applied.ALREADY_APPLIED;
            }
            throw e;
          }
          String id = taskId;
          if (id == null) {
            var row = referralRow(c, referralId);
            id = row == null ? null : row.taskId();
          }
          Optional<Task> current = id == null ? Optional.empty() : lockTask(c, id);
          if (current.isEmpty()) {
            throw new RequestRejectedException(
                404,
                new Issue(
                    IssueType.NOTFOUND,
                    null,
                    "no Task " + taskId + " for referral " + referralId + " in the ledger"));
          }
          OffsetDateTime at = now();
          Task before = current.get();
          Task after = change.apply(before.copy());
          if (after != null && !after.equalsDeep(before)) {
            saveChangedTask(c, before, after, ctx, at);
          }
          if (communication != null) {
            communication.setId(UUID.randomUUID().toString());
            communication.addPartOf(new Reference("Task/" + id));
            communication.addBasedOn(before.getFocus().copy());
            communication.setSubject(before.getFor().copy());
            insertResource(c, communication, taskKeys(c, id).rootReferralId(), at);
          }
          audit(c, "apply-event", "Task", id, ctx, "ok");
          return Applied.APPLIED;
        });
  }

  /** Communications recorded for a referral (root referral id). */
  public List<Communication> communicationsOf(String rootReferralId) {
    return sql.inTransaction(
        c -> {
          List<Communication> out = new ArrayList<>();
          try (var ps =
              c.prepareStatement(
                  "SELECT body FROM fhir_resource WHERE resource_type = 'Communication'"
                      + " AND referral_id = ? ORDER BY last_updated")) {
            ps.setString(1, rootReferralId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(parse(Communication.class, rs.getString(1)));
              }
            }
          }
          return out;
        });
  }

  /** A Task.businessStatus in Pathway's CodeSystem. */
  public static CodeableConcept businessStatus(String code) {
    var cc = new CodeableConcept();
    cc.addCoding().setSystem(CodeSystems.TASK_BUSINESS_STATUS).setCode(code);
    return cc;
  }

  // ---------------------------------------------------------------- outbox

  /** Up to {@code limit} unpublished outbox rows in commit-sequence order. */
  public List<OutboxRow> unpublished(int limit) {
    return sql.inTransaction(
        c -> {
          List<OutboxRow> rows = new ArrayList<>();
          try (var ps =
              c.prepareStatement(
                  "SELECT seq, topic, referral_id, payload FROM outbox WHERE published_at IS NULL"
                      + " ORDER BY seq FETCH FIRST "
                      + limit
                      + " ROWS ONLY")) {
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new OutboxRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        Base64.getDecoder().decode(rs.getString(4))));
              }
            }
          }
          return rows;
        });
  }

  /** Marks rows as published once Kafka acknowledged them. */
  public void markPublished(List<Long> seqs) {
    if (seqs.isEmpty()) {
      return;
    }
    sql.inTransaction(
        c -> {
          try (var ps = c.prepareStatement("UPDATE outbox SET published_at = ? WHERE seq = ?")) {
            OffsetDateTime at = now();
            for (long seq : seqs) {
              ps.setObject(1, at);
              ps.setLong(2, seq);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  /** A count over a ledger table, for tests and health: {@code SELECT count(*) FROM table}. */
  public long count(String table, String where, Object... args) {
    if (!table.matches("[a-z_]+")) {
      throw new IllegalArgumentException(table);
    }
    return sql.inTransaction(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT count(*) FROM " + table + (where == null ? "" : " WHERE " + where))) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  // ---------------------------------------------------------------- writes

  private void outbox(
      Connection c, String referralId, EventEnvelope env, SpecificRecord event, OffsetDateTime at)
      throws SQLException {
    String topic = Topics.REFERRAL_EVENTS.name();
    byte[] bytes = serializer.serialize(topic, event);
    try (var ps =
        c.prepareStatement(
            "INSERT INTO outbox (event_id, topic, referral_id, event_type, correlation_id, payload,"
                + " created_at) VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, env.getEventId().toString());
      ps.setString(2, topic);
      ps.setString(3, referralId);
      ps.setString(4, event.getSchema().getFullName());
      ps.setString(5, env.getCorrelationId());
      ps.setString(6, Base64.getEncoder().encodeToString(bytes));
      ps.setObject(7, at);
      ps.executeUpdate();
    }
  }

  private void writeTaskVersion(
      Connection c,
      Task task,
      int version,
      String referralId,
      String rootReferralId,
      String requesterRef,
      String ownerRef,
      OffsetDateTime at,
      boolean insert)
      throws SQLException {
    String id = task.getIdElement().getIdPart();
    task.setId(id);
    task.getMeta().setVersionId(Integer.toString(version));
    task.getMeta().setLastUpdated(Date.from(at.toInstant()));
    String body = fhir.newJsonParser().encodeResourceToString(task);
    String sqlText =
        insert
            ? "INSERT INTO task (status, business_status, owner_ref, requester_ref, subject_ref,"
                + " focus_ref, part_of, last_updated, body, due_at, version, referral_id,"
                + " root_referral_id, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            : "UPDATE task SET status = ?, business_status = ?, owner_ref = ?, requester_ref = ?,"
                + " subject_ref = ?, focus_ref = ?, part_of = ?, last_updated = ?, body = ?,"
                + " due_at = ?, version = ? WHERE referral_id = ? AND root_referral_id = ? AND id = ?";
    try (var ps = c.prepareStatement(sqlText)) {
      ps.setString(1, task.getStatus().toCode());
      ps.setString(
          2,
          task.hasBusinessStatus() ? task.getBusinessStatus().getCodingFirstRep().getCode() : null);
      ps.setString(3, ownerRef);
      ps.setString(4, requesterRef);
      ps.setString(5, task.getFor().getReference());
      ps.setString(6, task.getFocus().getReference());
      ps.setString(
          7, task.hasPartOf() ? task.getPartOfFirstRep().getReferenceElement().getIdPart() : null);
      ps.setObject(8, at);
      ps.setString(9, body);
      Instant due = dueAt(task);
      ps.setObject(10, due == null ? null : due.atOffset(ZoneOffset.UTC));
      ps.setInt(11, version);
      ps.setString(12, referralId);
      ps.setString(13, rootReferralId);
      ps.setString(14, id);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("Task/" + id + " was not written");
      }
    }
    try (var ps =
        c.prepareStatement(
            "INSERT INTO task_version (id, version, last_updated, body) VALUES (?,?,?,?)")) {
      ps.setString(1, id);
      ps.setInt(2, version);
      ps.setObject(3, at);
      ps.setString(4, body);
      ps.executeUpdate();
    }
  }

  /**
   * Task.restriction.period.end as the stored body states it: a dateTime keeps only the precision
   * it is written with (seconds by default), so the column must not hold more than the body.
   */
  private static Instant dueAt(Task task) {
    var end = task.getRestriction().getPeriod().getEndElement();
    if (end == null || end.isEmpty() || end.getValueAsString() == null) {
      return null;
    }
    return new org.hl7.fhir.r4.model.DateTimeType(end.getValueAsString()).getValue().toInstant();
  }

  private void insertResource(Connection c, Resource r, String referralId, OffsetDateTime at)
      throws SQLException {
    r.getMeta().setVersionId("1");
    r.getMeta().setLastUpdated(Date.from(at.toInstant()));
    try (var ps =
        c.prepareStatement(
            "INSERT INTO fhir_resource (resource_type, id, version, last_updated, referral_id, body)"
                + " VALUES (?,?,?,?,?,?)")) {
      ps.setString(1, r.fhirType());
      ps.setString(2, r.getIdElement().getIdPart());
      ps.setInt(3, 1);
      ps.setObject(4, at);
      ps.setString(5, referralId);
      ps.setString(6, fhir.newJsonParser().encodeResourceToString(r));
      ps.executeUpdate();
    }
  }

  private Optional<Resource> readResource(Connection c, String type, String id)
      throws SQLException {
    try (var ps =
        c.prepareStatement("SELECT body FROM fhir_resource WHERE resource_type = ? AND id = ?")) {
      ps.setString(1, type);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of((Resource) fhir.newJsonParser().parseResource(rs.getString(1)))
            : Optional.empty();
      }
    }
  }

  private static void provenance(
      Connection c,
      String taskId,
      int version,
      OffsetDateTime at,
      TaskStatus from,
      TaskStatus to,
      String actor,
      String reason)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO provenance (task_id, task_version, recorded_at, from_status, to_status,"
                + " actor, reason) VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, taskId);
      ps.setInt(2, version);
      ps.setObject(3, at);
      ps.setString(4, from == null ? null : from.toCode());
      ps.setString(5, to.toCode());
      ps.setString(6, actor);
      ps.setString(7, reason == null ? null : truncate(reason, 512));
      ps.executeUpdate();
    }
  }

  private static void audit(
      Connection c, String interaction, String type, String id, RequestContext ctx, String outcome)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_event (recorded_at, interaction, resource_type, resource_id,"
                + " request_id, correlation_id, actor, outcome) VALUES (?,?,?,?,?,?,?,?)")) {
      ps.setObject(1, now());
      ps.setString(2, interaction);
      ps.setString(3, type);
      ps.setString(4, id);
      ps.setString(5, ctx.requestId());
      ps.setString(6, ctx.correlationId());
      ps.setString(7, ctx.actor() == null ? null : truncate(ctx.actor(), 256));
      ps.setString(8, outcome);
      ps.executeUpdate();
    }
  }

  private <T extends Resource> T parse(Class<T> type, String json) {
    return fhir.newJsonParser().parseResource(type, json);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static OffsetDateTime now() {
    // Millisecond precision, as FHIR's meta.lastUpdated carries: row and resource then agree.
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }
}
