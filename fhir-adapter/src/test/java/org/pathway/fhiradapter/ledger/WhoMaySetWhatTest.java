package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.tokens.Caller;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.Parties.Relation;

/** Who may set what on a Task: owner, requester, hub and Pathway itself, as pure decisions. */
class WhoMaySetWhatTest {

  private static final Set<Relation> OWNER = EnumSet.of(Relation.OWNER);
  private static final Set<Relation> REQUESTER = EnumSet.of(Relation.REQUESTER);
  private static final Set<Relation> HUB = EnumSet.of(Relation.HUB);
  private static final Set<Relation> SYSTEM = EnumSet.of(Relation.SYSTEM);
  private static final Set<Relation> STRANGER = EnumSet.noneOf(Relation.class);

  private static Task owned() {
    var sr = new ServiceRequest();
    sr.setId("sr-1");
    sr.setRequester(new Reference("Organization/A81001"));
    sr.addPerformer(new Reference("HealthcareService/lws-leeds"));
    Task t = NewTask.forReferral("t-1", sr, "p-1", null, "c-1", Instant.now(), Duration.ofDays(5));
    t.getMeta().setVersionId("1");
    t.addNote(new Annotation().setText("Prefers mornings"));
    return t;
  }

  private static Task withStatus(Task current, TaskStatus status) {
    Task t = current.copy();
    t.setStatus(status);
    if (status == TaskStatus.CANCELLED || status == TaskStatus.REJECTED) {
      t.setStatusReason(new CodeableConcept().setText("moved away"));
    }
    return t;
  }

  private static void assertForbidden(Runnable change, String expression) {
    assertThatThrownBy(change::run)
        .isInstanceOfSatisfying(
            LedgerRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
              assertThat(e.issues().get(0).expression()).isEqualTo(expression);
            });
  }

  @Test
  void ownerAcceptsRejectsStartsAndCompletes() {
    Task current = owned();
    for (TaskStatus s :
        List.of(
            TaskStatus.ACCEPTED,
            TaskStatus.REJECTED,
            TaskStatus.INPROGRESS,
            TaskStatus.COMPLETED)) {
      assertThatCode(() -> TaskChangeCheck.checkParty(OWNER, current, withStatus(current, s)))
          .as(s.toCode())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void requesterCannotAcceptAndOthersCannotEither() {
    Task current = owned();
    for (var who : List.of(REQUESTER, HUB, STRANGER)) {
      assertForbidden(
          () -> TaskChangeCheck.checkParty(who, current, withStatus(current, TaskStatus.ACCEPTED)),
          "Task.status");
    }
  }

  @Test
  void requesterCancelsAndTheOwnerCannot() {
    Task current = owned();
    Task cancelled = withStatus(current, TaskStatus.CANCELLED);
    assertThatCode(() -> TaskChangeCheck.checkParty(REQUESTER, current, cancelled))
        .doesNotThrowAnyException();
    assertForbidden(() -> TaskChangeCheck.checkParty(OWNER, current, cancelled), "Task.status");
  }

  @Test
  void onlyAHubOrTheRouterReassignsTheOwner() {
    Task current = owned();
    Task moved = current.copy().setOwner(new Reference("HealthcareService/lws-bradford"));
    assertForbidden(() -> TaskChangeCheck.checkParty(OWNER, current, moved), "Task.owner");
    assertForbidden(() -> TaskChangeCheck.checkParty(REQUESTER, current, moved), "Task.owner");
    assertThatCode(() -> TaskChangeCheck.checkParty(HUB, current, moved))
        .doesNotThrowAnyException();
    assertThatCode(() -> TaskChangeCheck.checkParty(SYSTEM, current, moved))
        .doesNotThrowAnyException();
  }

  @Test
  void requesterMayNotChangeAnythingElse() {
    Task current = owned();
    Task noted = current.copy();
    noted.addNote(new Annotation().setText("GP adds a thought"));
    assertForbidden(() -> TaskChangeCheck.checkParty(REQUESTER, current, noted), "Task");
    assertThatCode(() -> TaskChangeCheck.checkParty(OWNER, current, noted))
        .doesNotThrowAnyException();
    assertThatCode(() -> TaskChangeCheck.checkParty(REQUESTER, current, current.copy()))
        .doesNotThrowAnyException();
  }

  @Test
  void aPutWithoutOwnerKeepsTheCurrentOwner() {
    Task current = owned();
    Task incoming = withStatus(current, TaskStatus.ACCEPTED);
    incoming.setOwner(null);
    Task after = TaskChangeCheck.proposed(current, incoming);
    assertThat(after.getOwner().getReference()).isEqualTo("HealthcareService/lws-leeds");
    assertThatCode(() -> TaskChangeCheck.checkParty(OWNER, current, after))
        .doesNotThrowAnyException();
  }

  @Test
  void aCallerWithoutClinicalSightKeepsTheNotesItWasNotShown() {
    Task current = owned();
    Task incoming = TaskView.withoutClinicalContent(current);
    incoming.setStatus(TaskStatus.ACCEPTED);
    Task after = TaskChangeCheck.proposed(current, incoming, false);
    assertThat(after.getNote()).extracting(Annotation::getText).containsExactly("Prefers mornings");
    assertThat(after.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
    // a caller who sees everything replaces the notes with what it sends
    assertThat(TaskChangeCheck.proposed(current, incoming, true).getNote()).isEmpty();
  }

  @Test
  void relationsFollowTheCallersOrganisation() {
    var lws = caller(Role.LINK_WORKER_SERVICE, "lws-leeds", List.of());
    var gp = caller(Role.REFERRER, "A81001", List.of());
    var hub = caller(Role.HUB, "hub-city", List.of("A81001"));
    var otherHub = caller(Role.HUB, "hub-town", List.of("B99999"));
    assertThat(Parties.relations(lws, "lws-leeds", "A81001")).containsExactly(Relation.OWNER);
    assertThat(Parties.relations(gp, "lws-leeds", "A81001")).containsExactly(Relation.REQUESTER);
    assertThat(Parties.relations(hub, "lws-leeds", "A81001")).containsExactly(Relation.HUB);
    assertThat(Parties.relations(otherHub, "lws-leeds", "A81001")).isEmpty();
    assertThat(Parties.relations(null, "lws-leeds", "A81001")).containsExactly(Relation.SYSTEM);
  }

  @Test
  void organisationOfAStoredReferenceIsItsIdentifierValueOrItsId() {
    assertThat(Parties.organizationOf("https://fhir.nhs.uk/Id/ods-organization-code|A81001"))
        .isEqualTo("A81001");
    assertThat(Parties.organizationOf("HealthcareService/lws-leeds")).isEqualTo("lws-leeds");
    assertThat(Parties.organizationOf(null)).isNull();
    assertThat(Parties.namesOrganization("A81001", "urn:uuid:1234", "A81001")).isTrue();
    assertThat(Parties.namesOrganization("A81001", "Organization/A81001", null)).isTrue();
    assertThat(
            Parties.namesOrganization(
                "A81001", "https://fhir.nhs.uk/Id/ods-organization-code|B86041", "B86041"))
        .isFalse();
  }

  static Caller caller(Role role, String org, List<String> area) {
    return new Caller(
        "client-" + org, org, role, null, ScopeSet.parse("system/*.cruds"), area, "jti");
  }
}
