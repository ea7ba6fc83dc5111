package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskIntent;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;

/** Which Tasks each role sees, and what a community group sees of one. */
class VisibilityTest {

  @Test
  void referrerSeesWhatItReferredOnly() {
    var v = Visibility.of(WhoMaySetWhatTest.caller(Role.REFERRER, "A81001", List.of()));
    assertThat(v.sees("lws-leeds", "A81001", null)).isTrue();
    assertThat(v.sees("A81001", "B86041", null)).isFalse();
    assertThat(v.sees("group-b", "lws-leeds", "lws-leeds")).isFalse();
    assertThat(v.clinical()).isTrue();
  }

  @Test
  void linkWorkerServiceSeesWhatItOwnsAndTheirChildren() {
    var v =
        Visibility.of(WhoMaySetWhatTest.caller(Role.LINK_WORKER_SERVICE, "lws-leeds", List.of()));
    assertThat(v.sees("lws-leeds", "A81001", null)).isTrue();
    assertThat(v.sees("group-b", "someone", "lws-leeds")).isTrue();
    assertThat(v.sees("lws-bradford", "A81001", null)).isFalse();
  }

  @Test
  void communityGroupSeesItsOwnTasksWithoutClinicalContent() {
    var v = Visibility.of(WhoMaySetWhatTest.caller(Role.COMMUNITY_GROUP, "group-a", List.of()));
    assertThat(v.sees("group-a", "lws-leeds", "lws-leeds")).isTrue();
    assertThat(v.sees("group-b", "lws-leeds", "lws-leeds")).isFalse();
    // and the Tasks it passed on down a volunteer cascade, which it requested
    assertThat(v.sees("volunteer-b", "group-a", "group-a")).isTrue();
    assertThat(v.clinical()).isFalse();
  }

  @Test
  void hubSeesTasksOwnedOrRequestedInItsArea() {
    var v = Visibility.of(WhoMaySetWhatTest.caller(Role.HUB, "hub-city", List.of("A81001")));
    assertThat(v.sees(null, "A81001", null)).isTrue();
    assertThat(v.sees("hub-city", "B86041", null)).isTrue();
    assertThat(v.sees("lws-x", "B86041", null)).isFalse();
  }

  @Test
  void reportingAndOperatorRolesSeeNoReferral() {
    for (Role r : List.of(Role.COMMISSIONER, Role.EVALUATOR, Role.OPERATOR)) {
      var v = Visibility.of(WhoMaySetWhatTest.caller(r, "A81001", List.of()));
      assertThat(v.nothing()).as(r.code()).isTrue();
      assertThat(v.sees("A81001", "A81001", "A81001")).as(r.code()).isFalse();
    }
    assertThat(Visibility.of(null).sees("x", "y", null)).isTrue();
  }

  @Test
  void groupViewCarriesNoReasonNoteNhsNumberOrOutput() {
    Task t = new Task();
    t.setId("t-1");
    t.getMeta().setVersionId("3");
    t.setStatus(TaskStatus.CANCELLED);
    t.setIntent(TaskIntent.ORDER);
    t.setStatusReason(new CodeableConcept().setText("admitted to hospital with chest pain"));
    t.addNote(new Annotation().setText("low mood since bereavement"));
    t.setFor(
        new Reference("Patient/p-1")
            .setDisplay("Mabel Leyland")
            .setIdentifier(
                new Identifier()
                    .setSystem("https://fhir.nhs.uk/Id/nhs-number")
                    .setValue("9434765919")));
    t.addOutput().setValue(new StringType("goals met"));
    t.setDescription("referral for depression");
    t.setOwner(new Reference("HealthcareService/group-a"));

    Task view = TaskView.withoutClinicalContent(t);
    String json =
        ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(view);

    assertThat(json)
        .doesNotContain("9434765919", "Mabel", "chest pain", "bereavement", "goals met")
        .doesNotContain("depression");
    assertThat(view.getFor().getReference()).isEqualTo("Patient/p-1");
    assertThat(view.getOwner().getReference()).isEqualTo("HealthcareService/group-a");
    assertThat(view.getStatus()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(view.getMeta().getVersionId()).isEqualTo("3");
  }
}
