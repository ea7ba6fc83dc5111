package org.pathway.fhiradapter.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkRefusal;
import org.pathway.access.links.SignedLink;
import org.pathway.access.scopes.Interaction;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.tokens.Caller;

/** Whether a link still stands, and who the portal becomes while acting on it. */
class LinkGrantsTest {

  static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");

  static SignedLink link(String recipient, LinkPurpose purpose) {
    return new SignedLink("link-1", "t1", recipient, purpose, NOW, NOW.plusSeconds(3600));
  }

  static LinkedTask task(TaskStatus status, String owner, String... formerOwners) {
    return new LinkedTask("t1", status, owner, Set.of(formerOwners), "sr1", null, "corr-1");
  }

  static Optional<LinkRefusal> standing(SignedLink link, LinkedTask task) {
    return LinkGrants.standing(link, Optional.ofNullable(task)).map(LinkGrants.Refused::refusal);
  }

  @Test
  void standsWhileTheTaskIsOpenAndTheRecipientsOwn() {
    var link = link("lw-city", LinkPurpose.LINK_WORKER);
    assertThat(standing(link, task(TaskStatus.REQUESTED, "lw-city", "lw-city"))).isEmpty();
    // an answer already given is still shown through the link
    assertThat(standing(link, task(TaskStatus.REJECTED, "lw-city", "lw-city"))).isEmpty();
  }

  @Test
  void cancellingOrEnteringInErrorRevokesIt() {
    var link = link("lw-city", LinkPurpose.LINK_WORKER);
    assertThat(standing(link, task(TaskStatus.CANCELLED, "lw-city", "lw-city")))
        .contains(LinkRefusal.REVOKED);
    assertThat(standing(link, task(TaskStatus.ENTEREDINERROR, "lw-city", "lw-city")))
        .contains(LinkRefusal.REVOKED);
  }

  @Test
  void aTaskThatMovedOnRevokesItButOneNeverTheRecipientsIsNotForIt() {
    var link = link("lw-city", LinkPurpose.LINK_WORKER);
    assertThat(standing(link, task(TaskStatus.REQUESTED, "lw-youth", "lw-city", "lw-youth")))
        .contains(LinkRefusal.REVOKED);
    assertThat(standing(link, task(TaskStatus.REQUESTED, "lw-youth", "lw-youth")))
        .contains(LinkRefusal.NOT_FOR_THIS);
    assertThat(standing(link, null)).contains(LinkRefusal.NOT_FOR_THIS);
  }

  @Test
  void thePortalBecomesTheRecipientInThePurposesRoleWithNarrowedScopes() {
    var portal =
        new Caller(
            "portal",
            "pathway-portal",
            Role.PORTAL,
            null,
            ScopeSet.parse("system/Task.rus system/Observation.crs system/HealthcareService.rus"),
            List.of(),
            "jti-1");

    var worker = LinkGrants.delegate(portal, link("lw-city", LinkPurpose.LINK_WORKER));
    assertThat(worker.clientId()).isEqualTo("portal");
    assertThat(worker.organization()).isEqualTo("lw-city");
    assertThat(worker.role()).isEqualTo(Role.LINK_WORKER_SERVICE);
    assertThat(worker.scopes().permits("Observation", Interaction.CREATE)).isTrue();
    assertThat(worker.scopes().permits("HealthcareService", Interaction.UPDATE)).isFalse();
    // the portal was not registered for ServiceRequest at all: the purpose cannot add it
    assertThat(worker.scopes().permits("ServiceRequest", Interaction.READ)).isFalse();

    var group = LinkGrants.delegate(portal, link("walk-and-talk", LinkPurpose.FACILITATOR));
    assertThat(group.role()).isEqualTo(Role.COMMUNITY_GROUP);
    assertThat(group.organization()).isEqualTo("walk-and-talk");
    assertThat(group.scopes().permits("HealthcareService", Interaction.UPDATE)).isTrue();
    assertThat(group.scopes().permits("Observation", Interaction.CREATE)).isFalse();
    assertThat(group.scopes().permits("Task", Interaction.DELETE)).isFalse();
    // the portal was not registered for ServiceRequest: a facilitator cannot pass on through it
    assertThat(group.scopes().permits("ServiceRequest", Interaction.CREATE)).isFalse();
  }

  @Test
  void aFacilitatorLinkMayCreateTheOnwardRequestOfACascadeStep() {
    var portal =
        new Caller(
            "portal",
            "pathway-portal",
            Role.PORTAL,
            null,
            ScopeSet.parse("system/Task.rus system/ServiceRequest.rc system/HealthcareService.rus"),
            List.of(),
            "jti-1");
    var group = LinkGrants.delegate(portal, link("street-coord-ls7", LinkPurpose.FACILITATOR));
    assertThat(group.scopes().permits("ServiceRequest", Interaction.CREATE)).isTrue();
    assertThat(group.scopes().permits("ServiceRequest", Interaction.READ)).isTrue();
    assertThat(group.scopes().permits("ServiceRequest", Interaction.UPDATE)).isFalse();
  }

  @Test
  void aPersonsStatusLinkFollowsTheirReferralWhoeverOwnsItUntilItIsWithdrawn() {
    var link = link("pathway-portal", LinkPurpose.REFERRAL_STATUS);
    assertThat(standing(link, task(TaskStatus.ACCEPTED, "lw-city", "lw-city"))).isEmpty();
    assertThat(standing(link, task(TaskStatus.REQUESTED, null))).isEmpty();
    assertThat(standing(link, task(TaskStatus.CANCELLED, "lw-city", "lw-city")))
        .contains(LinkRefusal.REVOKED);
  }

  @Test
  void thePortalForwardsASelfReferralAsASelfReferrerThatMayOnlyCreateIt() {
    var portal =
        new Caller(
            "portal",
            "pathway-portal",
            Role.PORTAL,
            null,
            ScopeSet.parse("system/Task.rus system/ServiceRequest.rc"),
            List.of(),
            "jti-1");

    var forwarder = LinkGrants.selfReferral(portal);
    assertThat(forwarder.role()).isEqualTo(Role.REFERRER);
    assertThat(forwarder.kind()).isEqualTo("self-referral");
    assertThat(forwarder.organization()).isEqualTo("pathway-portal");
    assertThat(forwarder.scopes().permits("ServiceRequest", Interaction.CREATE)).isTrue();
    assertThat(forwarder.scopes().permits("ServiceRequest", Interaction.READ)).isFalse();
    assertThat(forwarder.scopes().permits("Task", Interaction.READ)).isFalse();

    var person = LinkGrants.delegate(portal, link("pathway-portal", LinkPurpose.REFERRAL_STATUS));
    assertThat(person.role()).isEqualTo(Role.REFERRER);
    assertThat(person.scopes().permits("Task", Interaction.READ)).isTrue();
    assertThat(person.scopes().permits("Task", Interaction.UPDATE)).isFalse();
    assertThat(person.scopes().permits("ServiceRequest", Interaction.READ)).isFalse();
  }

  @Test
  void readsTheFactsFromTheTasksVersionsNewestFirst() {
    Task v1 = new Task();
    v1.setId("t1");
    v1.setStatus(TaskStatus.REQUESTED);
    v1.setOwner(new Reference("HealthcareService/lw-city"));
    v1.setFocus(new Reference("ServiceRequest/sr1"));
    Task v2 = v1.copy();
    v2.setOwner(new Reference("HealthcareService/lw-youth"));
    v2.addPartOf(new Reference("Task/parent"));

    var facts = LinkedTask.of(List.of(v2, v1));
    assertThat(facts.ownerOrg()).isEqualTo("lw-youth");
    assertThat(facts.formerOwners()).containsExactlyInAnyOrder("lw-city", "lw-youth");
    assertThat(facts.focusId()).isEqualTo("sr1");
    assertThat(facts.partOfId()).isEqualTo("parent");
  }
}
