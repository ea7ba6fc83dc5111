package org.pathway.fhiradapter.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathway.access.scopes.Interaction.CREATE;
import static org.pathway.access.scopes.Interaction.DELETE;
import static org.pathway.access.scopes.Interaction.READ;
import static org.pathway.access.scopes.Interaction.SEARCH;
import static org.pathway.access.scopes.Interaction.UPDATE;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.SignedLink;
import org.pathway.access.scopes.Interaction;

/** A call through a signed link reaches the link's Task and little around it. */
class LinkScopeTest {

  static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");
  static final LinkedTask TASK =
      new LinkedTask(
          "t1", TaskStatus.REQUESTED, "lw-city", Set.of("lw-city"), "sr1", null, "corr-1");
  static final SignedLink WORKER =
      new SignedLink("l1", "t1", "lw-city", LinkPurpose.LINK_WORKER, NOW, NOW.plusSeconds(60));
  static final LinkedTask GROUP_TASK =
      new LinkedTask("t2", TaskStatus.REQUESTED, "walk-and-talk", Set.of(), "sr2", "t1", "corr-1");
  static final SignedLink GROUP =
      new SignedLink(
          "l2", "t2", "walk-and-talk", LinkPurpose.FACILITATOR, NOW, NOW.plusSeconds(60));

  static boolean allowed(
      SignedLink link,
      LinkedTask task,
      String type,
      Interaction interaction,
      String id,
      Map<String, List<String>> params,
      IBaseResource body) {
    return LinkScope.refusal(link, task, new LinkScope.Asked(type, interaction, id, params, body))
        .isEmpty();
  }

  static boolean worker(String type, Interaction i, String id) {
    return allowed(WORKER, TASK, type, i, id, Map.of(), null);
  }

  @Test
  void readsAndUpdatesOnlyTheLinksTask() {
    assertThat(worker("Task", READ, "t1")).isTrue();
    assertThat(worker("Task", UPDATE, "t1")).isTrue();
    assertThat(worker("Task", READ, "t9")).isFalse();
    assertThat(worker("Task", UPDATE, "t9")).isFalse();
    assertThat(worker("Task", DELETE, "t1")).isFalse();
  }

  @Test
  void searchesTasksOnlyNarrowedToTheLinksTaskOrItsChildren() {
    assertThat(allowed(WORKER, TASK, "Task", SEARCH, null, Map.of("_id", List.of("t1")), null))
        .isTrue();
    assertThat(
            allowed(
                WORKER, TASK, "Task", SEARCH, null, Map.of("part-of", List.of("Task/t1")), null))
        .isTrue();
    assertThat(allowed(WORKER, TASK, "Task", SEARCH, null, Map.of(), null)).isFalse();
    assertThat(
            allowed(WORKER, TASK, "Task", SEARCH, null, Map.of("owner", List.of("lw-city")), null))
        .isFalse();
    assertThat(allowed(WORKER, TASK, "Task", SEARCH, null, Map.of("_id", List.of("t1,t9")), null))
        .isFalse();
    assertThat(
            allowed(WORKER, TASK, "Task", SEARCH, null, Map.of("_id", List.of("t1", "t9")), null))
        .isFalse();
  }

  @Test
  void readsOnlyTheReferralTheTaskFulfils() {
    assertThat(worker("ServiceRequest", READ, "sr1")).isTrue();
    assertThat(worker("ServiceRequest", READ, "sr9")).isFalse();
    assertThat(worker("ServiceRequest", SEARCH, null)).isFalse();
  }

  @Test
  void aLinkWorkerRecordsScoresAndRefersOnFromThisReferralOnly() {
    var score = new Observation();
    score.addFocus(new Reference("Task/t1"));
    assertThat(allowed(WORKER, TASK, "Observation", CREATE, null, Map.of(), score)).isTrue();
    var elsewhere = new Observation();
    elsewhere.addFocus(new Reference("Task/t9"));
    assertThat(allowed(WORKER, TASK, "Observation", CREATE, null, Map.of(), elsewhere)).isFalse();
    assertThat(allowed(WORKER, TASK, "Observation", CREATE, null, Map.of(), new Observation()))
        .isFalse();

    var onward = new ServiceRequest();
    onward.addBasedOn(new Reference("ServiceRequest/sr1"));
    assertThat(allowed(WORKER, TASK, "ServiceRequest", CREATE, null, Map.of(), onward)).isTrue();
    var unrelated = new ServiceRequest();
    unrelated.addBasedOn(new Reference("ServiceRequest/sr9"));
    assertThat(allowed(WORKER, TASK, "ServiceRequest", CREATE, null, Map.of(), unrelated))
        .isFalse();
  }

  @Test
  void aFacilitatorRecordsNoScoresAndPassesOnOnlyItsOwnTask() {
    var score = new Observation();
    score.addFocus(new Reference("Task/t2"));
    assertThat(allowed(GROUP, GROUP_TASK, "Observation", CREATE, null, Map.of(), score)).isFalse();
    // passing the link's own Task on down a cascade: based on its request
    var onward = new ServiceRequest();
    onward.addBasedOn(new Reference("ServiceRequest/sr2"));
    assertThat(allowed(GROUP, GROUP_TASK, "ServiceRequest", CREATE, null, Map.of(), onward))
        .isTrue();
    // any other request (the link worker's above it, or another): refused
    var above = new ServiceRequest();
    above.addBasedOn(new Reference("ServiceRequest/sr1"));
    assertThat(allowed(GROUP, GROUP_TASK, "ServiceRequest", CREATE, null, Map.of(), above))
        .isFalse();
    assertThat(
            allowed(
                GROUP, GROUP_TASK, "ServiceRequest", CREATE, null, Map.of(), new ServiceRequest()))
        .isFalse();
    assertThat(allowed(GROUP, GROUP_TASK, "Task", UPDATE, "t2", Map.of(), null)).isTrue();
  }

  @Test
  void directoryAndValueSetsAreReadableButOnlyTheGroupUpdatesItsOwnService() {
    assertThat(worker("HealthcareService", SEARCH, null)).isTrue();
    assertThat(worker("HealthcareService", READ, "walk-and-talk")).isTrue();
    assertThat(worker("HealthcareService", UPDATE, "lw-city")).isFalse();
    assertThat(worker("ValueSet", READ, "decline-reason")).isTrue();
    assertThat(allowed(GROUP, GROUP_TASK, "HealthcareService", UPDATE, "walk-and-talk", null, null))
        .isTrue();
    assertThat(allowed(GROUP, GROUP_TASK, "HealthcareService", UPDATE, "other-group", null, null))
        .isFalse();
  }

  @Test
  void anythingElseIsNotForThisLinkAndSaysSo() {
    assertThat(worker("Patient", READ, "p1")).isFalse();
    assertThat(worker("AuditEvent", SEARCH, null)).isFalse();
    assertThat(
            LinkScope.refusal(
                WORKER, TASK, new LinkScope.Asked("Task", READ, "t9", Map.of(), null)))
        .hasValueSatisfying(why -> assertThat(why).contains("Task/t1").contains("Task/t9"));
  }

  @Test
  void followsOnlyTheLinksTasksChangesAndMessages() {
    assertThat(
            allowed(
                WORKER,
                TASK,
                "Provenance",
                SEARCH,
                null,
                Map.of("target", List.of("Task/t1")),
                null))
        .isTrue();
    assertThat(
            allowed(
                WORKER,
                TASK,
                "Communication",
                SEARCH,
                null,
                Map.of("part-of", List.of("Task/t1")),
                null))
        .isTrue();
    assertThat(
            allowed(
                WORKER,
                TASK,
                "Provenance",
                SEARCH,
                null,
                Map.of("target", List.of("Task/t9")),
                null))
        .isFalse();
    assertThat(
            allowed(
                WORKER,
                TASK,
                "Communication",
                SEARCH,
                null,
                Map.of("based-on", List.of("ServiceRequest/sr9")),
                null))
        .isFalse();
    assertThat(worker("Provenance", SEARCH, null)).isFalse();
    assertThat(worker("Provenance", READ, "t1-1")).isFalse();
    assertThat(worker("Communication", READ, "c1")).isFalse();
  }

  @Test
  void aPersonsStatusLinkWithdrawsConsentForItsOwnReferralAndWritesNothingElse() {
    var status =
        new SignedLink(
            "l3", "t1", "pathway-portal", LinkPurpose.REFERRAL_STATUS, NOW, NOW.plusSeconds(60));
    assertThat(allowed(status, TASK, "Consent", CREATE, null, Map.of(), withdrawal("sr1")))
        .isTrue();
    // not for another referral, not a Consent that gives rather than withdraws, not on a link
    // of another purpose
    assertThat(allowed(status, TASK, "Consent", CREATE, null, Map.of(), withdrawal("sr2")))
        .isFalse();
    Consent active = withdrawal("sr1").setStatus(Consent.ConsentState.ACTIVE);
    assertThat(allowed(status, TASK, "Consent", CREATE, null, Map.of(), active)).isFalse();
    assertThat(allowed(WORKER, TASK, "Consent", CREATE, null, Map.of(), withdrawal("sr1")))
        .isFalse();
  }

  private static Consent withdrawal(String referralId) {
    Consent c = new Consent().setStatus(Consent.ConsentState.INACTIVE);
    c.setSource(new Reference("ServiceRequest/" + referralId));
    return c;
  }

  @Test
  void aPersonsStatusLinkReadsTheirTaskAndNothingElse() {
    var status =
        new SignedLink(
            "l3", "t1", "pathway-portal", LinkPurpose.REFERRAL_STATUS, NOW, NOW.plusSeconds(60));
    assertThat(allowed(status, TASK, "Task", READ, "t1", Map.of(), null)).isTrue();
    assertThat(allowed(status, TASK, "Task", UPDATE, "t1", Map.of(), null)).isFalse();
    assertThat(allowed(status, TASK, "Task", READ, "t2", Map.of(), null)).isFalse();
    assertThat(allowed(status, TASK, "ServiceRequest", READ, "sr1", Map.of(), null)).isFalse();
    assertThat(
            allowed(
                status, TASK, "Provenance", SEARCH, null, Map.of("target", List.of("t1")), null))
        .isFalse();
    assertThat(allowed(status, TASK, "HealthcareService", SEARCH, null, Map.of(), null)).isFalse();
  }
}
